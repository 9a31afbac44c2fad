import { createHmac, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../domain/user.js';

/**
 * The user header scheme (README, *Users*): `X-Hexar-User: v1.<base64url(userId)>.<base64url(HMAC-SHA256(USER_TOKEN_SECRET, "v1." + base64url(userId)))>`.
 * A partner's backend signs its end user's id with the secret Hexar shares with it; the browser
 * or app sends the token. No header: the request is anonymous and searches are global.
 */
export const USER_HEADER = 'x-hexar-user';
const VERSION = 'v1';
/** Ids are opaque to Hexar but bounded, so one cannot blow up a cache key. */
const MAX_USER_ID_LENGTH = 128;

function signature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** A token for a user id (what `npm run user-token -- <id>` prints, and what a partner's backend computes). */
export function signUserToken(secret: string, userId: string): string {
  checkUserId(userId);
  const payload = `${VERSION}.${Buffer.from(userId, 'utf8').toString('base64url')}`;
  return `${payload}.${signature(secret, payload)}`;
}

function checkUserId(userId: string): void {
  if (userId.length === 0 || userId.length > MAX_USER_ID_LENGTH || [...userId].some((c) => c.charCodeAt(0) < 0x20)) {
    throw new UserTokenError(`a user id is 1 to ${MAX_USER_ID_LENGTH} printable characters`);
  }
}

export class UserTokenError extends Error {
  override name = 'UserTokenError';
}

/** The viewer a token names, or a UserTokenError saying why it is not accepted. */
export function verifyUserToken(secret: string, token: string): Viewer {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) throw new UserTokenError(`the ${USER_HEADER} header is not a Hexar user token (v1.<id>.<signature>)`);
  const payload = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(parts[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new UserTokenError(`the ${USER_HEADER} token's signature does not match: sign it with USER_TOKEN_SECRET`);
  }
  const userId = Buffer.from(parts[1]!, 'base64url').toString('utf8');
  checkUserId(userId);
  return { userId };
}

/**
 * The viewer of a request: null without the header; a GraphQL error (UNAUTHENTICATED, HTTP 401)
 * for a header that cannot be trusted, so a client never gets someone else's or a global answer
 * believing it is its own.
 */
export function viewerFromHeaders(headers: Headers, secret: string | undefined): Viewer | null {
  const token = headers.get(USER_HEADER);
  if (token === null || token === '') return null;
  if (!secret) {
    throw unauthenticated(`user tokens are not accepted by this server: USER_TOKEN_SECRET is not set (send no ${USER_HEADER} header for a global answer)`);
  }
  try {
    return verifyUserToken(secret, token.trim());
  } catch (err) {
    throw unauthenticated(err instanceof Error ? err.message : String(err));
  }
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
