import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserToken } from '../../src/users/identity.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase } from '../support/postgres.js';
import { globalId, listingAt, movePrice, productAtBothRetailers, until } from './support.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const WATCH = `mutation Watch($id: ID!, $max: MoneyInput, $drop: Float, $size: String, $url: String) {
  watchPrice(productId: $id, maxPrice: $max, minDropPercent: $drop, size: $size, webhookUrl: $url) { webhookSecret alert { id productId maxPrice { amount } webhookUrl expiresAt } }
}`;
const MINE = '{ myPriceAlerts { id productId maxPrice { amount } lastFiredAt product { name } } }';
const UNWATCH = 'mutation Unwatch($id: ID!) { unwatchPrice(id: $id) }';

/** A GraphQL request as `userId` (an X-Hexar-User token), or anonymous. */
async function as(app: TestApp, userId: string | null, query: string, variables: Record<string, unknown> = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  if (userId) headers['x-hexar-user'] = signUserToken(SECRET, userId);
  const response = await app.yoga.fetch('http://yoga/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A webhook receiver: a real local HTTP server that checks each delivery's signature with the alert's secret. */
async function startReceiver(answers: number[]) {
  const deliveries: { body: any; signature: string; valid: boolean; status: number }[] = [];
  let secret = '';
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  const server = createServer(async (req, res) => {
    const raw = await read(req);
    const signature = String(req.headers['x-hexar-signature'] ?? '');
    const valid = signature === `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    const status = answers[deliveries.length] ?? 200;
    deliveries.push({ body: JSON.parse(raw), signature, valid, status });
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hexar`,
    deliveries,
    useSecret: (s: string) => (secret = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('saved price alerts (PostgreSQL)', () => {
  let app: TestApp;
  let dropDb: () => Promise<void>;
  beforeAll(async () => {
    const db = await createTestDatabase();
    dropDb = db.drop;
    app = await startTestApp({
      env: { DATABASE_URL: db.url, USER_TOKEN_SECRET: SECRET, PRICE_ALERT_WEBHOOK_ALLOW_PRIVATE: 'true', LIVE_POLL_INTERVAL_SECONDS: '3600', LIVE_DEADLINE_MS: '10000' },
    });
  });
  afterAll(async () => {
    await app?.close();
    await dropDb?.();
  });

  it('belong to their viewer: anonymous calls are UNAUTHENTICATED, others cannot see or remove them', async () => {
    const product = await productAtBothRetailers(app, 5);
    const anonymous = await as(app, null, WATCH, { id: globalId(product.id), max: { amount: 100 } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await as(app, null, MINE)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const saved = await as(app, 'owner-1', WATCH, { id: globalId(product.id), max: { amount: 100 } });
    expect(saved.errors).toBeUndefined();
    const id = saved.data.watchPrice.alert.id;
    expect(saved.data.watchPrice.webhookSecret).toMatch(/^[\w-]{40,}$/);
    expect((await as(app, 'owner-1', MINE)).data.myPriceAlerts).toEqual([{ id, productId: globalId(product.id), maxPrice: { amount: 100 }, lastFiredAt: null, product: { name: product.name } }]);
    expect((await as(app, 'someone-else', MINE)).data.myPriceAlerts).toEqual([]);
    const stolen = await as(app, 'someone-else', UNWATCH, { id });
    expect(stolen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await as(app, 'owner-1', UNWATCH, { id })).data.unwatchPrice).toBe(true);
    expect((await as(app, 'owner-1', MINE)).data.myPriceAlerts).toEqual([]);
    expect((await as(app, 'owner-1', UNWATCH, { id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a fired alert reaches the webhook once, signed, after a failed first attempt is retried; with nobody connected', async () => {
    const receiver = await startReceiver([500, 200]);
    try {
      const product = await productAtBothRetailers(app, 6);
      const bc = listingAt(product, 'backcountry');
      const { refresher } = app.services.liveTrack;
      const alerts = app.services.liveTrack.savedAlerts!;
      await refresher.tick(); // nobody follows it yet: not read
      app.resetRetailerStats();
      const { sizes } = await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, status: 'inStock' });
      const before = Math.min(...sizes.map((s: any) => s.salePrice));
      const target = Math.round(before * 0.6 * 100) / 100;
      const saved = await as(app, 'owner-2', WATCH, { id: globalId(product.id), max: { amount: target + 1 }, url: receiver.url });
      expect(saved.errors).toBeUndefined();
      receiver.useSecret(saved.data.watchPrice.webhookSecret);
      // The saved alert alone keeps the product refreshed: no subscriber is connected.
      await refresher.tick();
      expect(app.retailerRequests().backcountry).toBe(1);
      // The owner's priceAlert subscribers on the product hear the saved alert fire (their own criteria, none here, do not fire on a drop).
      const ownerAlerts = (await app.services.subscriptions.priceAlert(product.id, { maxPrice: null, minDropPercent: null, size: null }, { userId: 'owner-2' }))[Symbol.asyncIterator]();
      const heard = ownerAlerts.next();
      await movePrice(app.sandbox.backcountry.baseUrl, { vendorProductId: bc.vendorProductId, price: target });
      await refresher.tick();
      expect((await heard).value).toMatchObject({ savedAlertId: saved.data.watchPrice.alert.id, vendor: 'backcountry', previousPrice: { amount: before } });
      await ownerAlerts.return?.();
      await until(() => receiver.deliveries.length >= 2, 20_000);
      await refresher.tick();
      await refresher.tick();
      await alerts.idle();
      expect(receiver.deliveries.map((d) => d.status)).toEqual([500, 200]);
      expect(receiver.deliveries.every((d) => d.valid)).toBe(true);
      const [first, second] = receiver.deliveries;
      expect(second!.body).toEqual(first!.body);
      expect(second!.body).toMatchObject({
        event: 'price_alert',
        alertId: saved.data.watchPrice.alert.id,
        productId: product.id,
        vendor: 'backcountry',
        price: { amount: target, currencyCode: 'USD' },
        previousPrice: { amount: before },
      });
      expect((await as(app, 'owner-2', MINE)).data.myPriceAlerts[0].lastFiredAt).not.toBeNull();
      await as(app, 'owner-2', UNWATCH, { id: saved.data.watchPrice.alert.id });
    } finally {
      await receiver.close();
    }
  });
});

describe('saved alerts: bad arguments', () => {
  let app: TestApp;
  let dropDb: () => Promise<void>;
  beforeAll(async () => {
    const db = await createTestDatabase();
    dropDb = db.drop;
    app = await startTestApp({ env: { DATABASE_URL: db.url, USER_TOKEN_SECRET: SECRET, LIVE_POLL_INTERVAL_SECONDS: '3600' } });
  });
  afterAll(async () => {
    await app?.close();
    await dropDb?.();
  });

  it.each([
    [{ url: 'http://127.0.0.1:9/hook' }, 'BAD_USER_INPUT', /loopback or private address \(127\.0\.0\.1\)/],
    [{ url: 'http://10.1.2.3/hook' }, 'BAD_USER_INPUT', /loopback or private address/],
    [{ url: 'http://[::1]:8080/hook' }, 'BAD_USER_INPUT', /loopback or private address/],
    [{ url: 'http://localhost:8080/hook' }, 'BAD_USER_INPUT', /loopback or private address/],
    [{ url: 'ftp://example.com/hook' }, 'BAD_USER_INPUT', /must be http or https/],
    [{ max: { amount: -1 } }, 'BAD_USER_INPUT', /maxPrice.amount must be a number >= 0/],
    [{ id: globalId('snowboard-no-such-board-2099'), max: { amount: 10 } }, 'NOT_FOUND', /No product with id/],
  ])('%o → %s', async (vars, code, message) => {
    const product = await productAtBothRetailers(app, 0);
    const result = await as(app, 'owner-3', WATCH, { id: globalId(product.id), ...vars });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect((await as(app, 'owner-3', MINE)).data.myPriceAlerts).toEqual([]);
  });
});
