/**
 * The User Admin API mock: look a user up by GUID, or by the agent display id the events carry.
 */
import { http, type RequestHandler } from 'msw';
import type { SimulatedWorld, WorldUser } from './simulated-world.js';
import type { Authorize } from './vcc-api-auth.js';
import { apiJson, apiProblem } from './vcc-api-responses.js';

/** Options of {@link usersApi}. */
export interface UsersApiOptions {
  /** The User Admin users URL, e.g. `https://emea.api.newvoicemedia.com/useradmin/users`. */
  url: string;
  /** The scope the lookups need. */
  scope: string;
  authorize: Authorize;
  world: SimulatedWorld;
}

/** A world user in the User Admin shape. */
function userView(u: WorldUser) {
  return {
    userId: u.userId,
    username: u.username,
    name: u.name,
    email: u.email,
    lastLoginTime: null,
    active: true,
    locked: false,
    userAccountConfiguration: {
      role: u.role === 'supervisor' ? 'Supervisor' : 'Agent',
      actAsAgent: true,
      agentConfiguration: { agentDisplayId: u.agentId },
    },
  };
}

/**
 * MSW handlers for `GET /useradmin/users?agentDisplayId=…` and `GET /useradmin/users/{userId}`.
 *
 * @example
 * server.use(...usersApi({ url: `${baseUrl}/useradmin/users`, scope: 'users:read', authorize, world }));
 */
export function usersApi(options: UsersApiOptions): RequestHandler[] {
  const { url, scope, authorize, world } = options;
  return [
    http.get(url, ({ request }) => {
      const auth = authorize(request, scope);
      if (!auth.ok) return auth.response;
      const agentDisplayId = new URL(request.url).searchParams.get('agentDisplayId');
      const found =
        agentDisplayId === null
          ? world.allUsers()
          : [world.userByAgentId(agentDisplayId)].filter((u): u is WorldUser => !!u);
      return apiJson({ items: found.map(userView), totalCount: found.length });
    }),
    http.get(`${url}/:userId`, ({ request, params }) => {
      const auth = authorize(request, scope);
      if (!auth.ok) return auth.response;
      const user = world.user(String(params['userId']));
      return user
        ? apiJson(userView(user))
        : apiProblem(404, `No user "${String(params['userId'])}".`);
    }),
  ];
}
