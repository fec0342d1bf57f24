/**
 * Responses and request bodies of the VCC REST API mocks: JSON with VCC's cache header, and
 * errors as `{ message }`, the shape the Webhooks and User Admin APIs document.
 */
import { HttpResponse, type JsonBodyType } from 'msw';

/** The `cache-control` header the VCC APIs send with their JSON. */
const CACHE_CONTROL = 'max-age=5, must-revalidate, private';

/**
 * A JSON answer with VCC's cache header.
 *
 * @example
 * return apiJson({ items, totalCount: items.length });
 */
export function apiJson(body: JsonBodyType, status = 200): Response {
  return HttpResponse.json(body, { status, headers: { 'cache-control': CACHE_CONTROL } });
}

/**
 * An error answer: `{ message }` with the status.
 *
 * @example
 * return apiProblem(404, `No user "${userId}".`);
 */
export function apiProblem(status: number, message: string): Response {
  return apiJson({ message }, status);
}

/**
 * The request body as a JSON object, or `undefined` when it is not JSON or not an object.
 *
 * @example
 * const body = await readJsonObject(request);
 * if (!body) return apiProblem(400, 'The request body must be a JSON object.');
 */
export async function readJsonObject(
  request: Request,
): Promise<Record<string, unknown> | undefined> {
  try {
    const value = (await request.json()) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
