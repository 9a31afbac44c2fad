import type { Config } from '../config.js';
import { signUserToken, UserTokenError } from '../users/identity.js';

/**
 * `npm run user-token -- <userId>`: the X-Hexar-User token for a user id, signed with
 * USER_TOKEN_SECRET (README, *Users*), for trying personalised answers in GraphiQL or curl.
 * Returns the exit code; writes the token or the reason there is none.
 */
export function printUserToken(config: Config, userId: string | undefined, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  if (!userId) {
    err.write('usage: npm run user-token -- <userId>\n');
    return 2;
  }
  if (!config.userTokenSecret) {
    err.write('USER_TOKEN_SECRET is not set: set it (the value the server has) to sign user tokens\n');
    return 2;
  }
  try {
    out.write(`${signUserToken(config.userTokenSecret, userId)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UserTokenError)) throw error;
    err.write(`${error.message}\n`);
    return 2;
  }
}
