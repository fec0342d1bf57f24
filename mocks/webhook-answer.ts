/**
 * How the mocked webhook receiver answers a request it accepted: a status, a delay, a network
 * error, or a function of the request and the attempt number (to test retry and error paths).
 */
import type { Notification } from '../generator/notifications/notification.js';
import type { ContentMode } from '../wire/cloudevents.js';

/**
 * One answer: a status (`503`), `'network-error'` (the connection fails, as
 * `HttpResponse.error()`), or an object with a status and/or a delay before answering.
 * VCC counts 200-205 as delivered and retries anything else.
 */
export type WebhookAnswer =
  | number
  | 'network-error'
  | {
      /** Default 200. */
      status?: number;
      /** Wait this long before answering (past the sender's 10 s timeout to test timeouts). */
      delayMs?: number;
      /** Fail the connection after the delay instead of answering. */
      networkError?: boolean;
      /** Extra response headers, e.g. `{ 'retry-after': '1' }` on a 429. */
      headers?: Record<string, string>;
    };

/** What a responder function is told about the request it answers. */
export interface AnswerContext {
  /** The intercepted request (its body already read: use `body`). */
  request: Request;
  body: string;
  mode: ContentMode | 'unknown';
  /** The notifications in the request, valid against the schemas. */
  notifications: Notification[];
  /** 1 for the first time this request's (first) event is sent, 2 for its first retry, … */
  attempt: number;
  /** 0-based index of the request among all the handler has seen. */
  index: number;
}

/** A fixed answer for every accepted request, or a function choosing one per request. */
export type WebhookResponder =
  | WebhookAnswer
  | ((context: AnswerContext) => WebhookAnswer | Promise<WebhookAnswer>);

/** An answer in one shape: status or network error, after a delay. */
export interface ResolvedAnswer {
  status: number;
  delayMs: number;
  networkError: boolean;
  headers: Record<string, string>;
}

/** @internal Normalises an answer; a status outside 100-599 is a usage error. */
export function resolveAnswer(answer: WebhookAnswer): ResolvedAnswer {
  if (answer === 'network-error') return { status: 0, delayMs: 0, networkError: true, headers: {} };
  const a = typeof answer === 'number' ? { status: answer } : answer;
  const status = a.status ?? 200;
  if (!a.networkError && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new TypeError(
      `vccWebhook: invalid answer status ${String(status)}; give an HTTP status from 200 to 599, e.g. 503, or 'network-error'.`,
    );
  }
  const delayMs = a.delayMs ?? 0;
  if (!(delayMs >= 0)) {
    throw new TypeError(
      `vccWebhook: invalid delayMs ${String(delayMs)}; give milliseconds >= 0, e.g. 11_000 to pass the sender's 10 s timeout.`,
    );
  }
  return { status, delayMs, networkError: a.networkError === true, headers: a.headers ?? {} };
}

/**
 * Answers by attempt number: the first attempt of each event gets the first answer, its first
 * retry the second, and so on; the last answer repeats. The way to make a sender retry.
 *
 * @example
 * vccWebhook({ url, respond: byAttempt(503, 'network-error', 200) }); // delivered on the 3rd try
 */
export function byAttempt(...answers: WebhookAnswer[]): (context: AnswerContext) => WebhookAnswer {
  if (answers.length === 0)
    throw new TypeError('byAttempt: give at least one answer, e.g. byAttempt(503, 200).');
  return ({ attempt }) =>
    answers[Math.min(Math.max(attempt, 1), answers.length) - 1] as WebhookAnswer;
}

/**
 * Answers by request number, over all requests the handler sees: the first request gets the
 * first answer, and so on; the last repeats.
 *
 * @example
 * vccWebhook({ url, respond: inTurn(200, 500, 200) }); // only the second request fails
 */
export function inTurn(...answers: WebhookAnswer[]): (context: AnswerContext) => WebhookAnswer {
  if (answers.length === 0)
    throw new TypeError('inTurn: give at least one answer, e.g. inTurn(200, 500).');
  return ({ index }) => answers[Math.min(index, answers.length - 1)] as WebhookAnswer;
}
