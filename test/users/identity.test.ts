import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { signUserToken, verifyUserToken, USER_HEADER, UserTokenError } from '../../src/users/identity.js';
import { printUserToken } from '../../src/cli/user-token.js';
import { loadConfig } from '../../src/config.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'a-test-secret-of-at-least-32-characters!!';

describe('user tokens', () => {
  it('a signed token names its user; another secret, a changed id or a bad shape is refused', () => {
    const token = signUserToken(SECRET, 'alice@example.com');
    expect(verifyUserToken(SECRET, token)).toEqual({ userId: 'alice@example.com' });
    expect(() => verifyUserToken(`${SECRET}x`, token)).toThrow(/signature does not match/);
    const [v, , sig] = token.split('.');
    const forged = `${v}.${Buffer.from('mallory').toString('base64url')}.${sig}`;
    expect(() => verifyUserToken(SECRET, forged)).toThrow(UserTokenError);
    expect(() => verifyUserToken(SECRET, 'alice')).toThrow(/not a Hexar user token/);
    expect(() => signUserToken(SECRET, '')).toThrow(/1 to 128/);
    expect(() => signUserToken(SECRET, 'x'.repeat(129))).toThrow(/1 to 128/);
  });

  it('USER_TOKEN_SECRET shorter than 32 characters stops start-up naming it', () => {
    expect(() => loadConfig({ USER_TOKEN_SECRET: 'short' })).toThrow(/USER_TOKEN_SECRET.*at least 32/s);
  });

  it('npm run user-token prints a token the server accepts, and says why when it cannot', () => {
    const out = new PassThrough();
    const err = new PassThrough();
    expect(printUserToken(loadConfig({ USER_TOKEN_SECRET: SECRET }), 'bob', out, err)).toBe(0);
    expect(verifyUserToken(SECRET, String(out.read()).trim())).toEqual({ userId: 'bob' });
    expect(printUserToken(loadConfig({}), 'bob', out, err)).toBe(2);
    expect(String(err.read())).toMatch(/USER_TOKEN_SECRET is not set/);
  });
});

describe('the user header on a request', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function post(headers: Record<string, string>) {
    const response = await app!.yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ search(query: "snowboard") { totalCount } }' }),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
  }

  it('a valid token is served; a forged one is 401 UNAUTHENTICATED and the server keeps serving', async () => {
    app = await startTestApp({ crawl: false, env: { USER_TOKEN_SECRET: SECRET } });
    const good = await post({ [USER_HEADER]: signUserToken(SECRET, 'alice') });
    expect(good.status).toBe(200);
    expect(good.body.errors).toBeUndefined();
    const bad = await post({ [USER_HEADER]: signUserToken(`${SECRET}-other`, 'alice') });
    expect(bad.status).toBe(401);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(bad.body.errors?.[0]?.message).toMatch(/signature does not match/);
    expect((await post({})).status).toBe(200);
  });

  it('without USER_TOKEN_SECRET any user header is refused with the reason; none is anonymous', async () => {
    app = await startTestApp({ crawl: false });
    const refused = await post({ [USER_HEADER]: signUserToken(SECRET, 'alice') });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.message).toMatch(/USER_TOKEN_SECRET is not set/);
    expect((await post({})).status).toBe(200);
  });
});
