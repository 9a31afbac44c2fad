import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tierKeys } from '../../src/cache/tiers.js';
import { createContext } from '../../src/context.js';
import type { StaticProduct } from '../../src/domain/product.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { LiveSearchDocument } from '../gql/graphql.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { LIVE_STALE_GRACE_MINUTES: '0' } });
});
afterAll(async () => {
  await app.close();
});

async function health(): Promise<any> {
  const response = await app.yoga.fetch('http://yoga/health');
  expect(response.status).toBe(200);
  return response.json();
}

const QUERY = { query: 'beginner snowboard', first: 3 };

describe('/health counts the static tier the search really reads', () => {
  it('cache.static hits move when a search runs', async () => {
    const before = (await health()).cache.static;
    const { data, errors } = await app.graphql('{ search(query: "beginner snowboard", first: 3) { edges { node { name } } } }');
    expect(errors).toBeUndefined();
    expect(data.search.edges).toHaveLength(3);
    const after = (await health()).cache.static;
    expect(after.hits - before.hits).toBe(3);
  });
});

describe('values of an older shape planted in the tiers read as misses', () => {
  it('a static record and a live offer of another shape are counted corrupt; search and live fields still answer', async () => {
    const first = await app.execute(LiveSearchDocument, QUERY);
    expect(first.errors).toBeUndefined();
    const [planted, ...others] = first.data.search.edges.map((e: { node: { id: string } }) => e.node) as { id: string }[];
    if (!planted) throw new Error('the search found nothing to plant');
    const id = Buffer.from(planted.id, 'base64').toString('utf8').split(':')[1]!;
    const store = app.services.store;
    // An older deploy's record: analysis as a bare string, listings under another name.
    const [record] = await app.services.staticProducts.getProducts([id]);
    const { listings, ...rest } = record as StaticProduct;
    await store.set(tierKeys.staticProduct(id), JSON.stringify({ ...rest, analysis: 'pending', vendorListings: listings }), 600);
    // A hand-planted key is no catalog change: the in-process copy would keep answering.
    app.services.records.drop([id]);
    // An older deploy's offer: the price as text.
    const [evoListing] = listings.filter((l) => l.vendor === 'evo');
    const liveKey = tierKeys.live('evo', evoListing!.vendorProductId);
    const offer = JSON.parse((await store.get(liveKey))!);
    await store.set(liveKey, JSON.stringify({ ...offer, price: `$${offer.price.amount}` }), 600);
    const before = (await health()).cache;
    app.resetRetailerStats();

    const again = await app.execute(LiveSearchDocument, QUERY);
    expect(again.errors).toBeUndefined();
    // The corrupt record is a miss: skipped, never a non-null error; the other products answer.
    expect(again.data.search.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(others.map((o: { id: string }) => o.id));
    const after = (await health()).cache;
    expect(after.static.corrupt - before.static.corrupt).toBe(1);
    expect(after.static.misses - before.static.misses).toBe(1);

    // Asked for by id, the unreadable record is "not in the catalog", never a crash.
    const product = await app.graphql(`{ product(id: "${planted.id}") { name } }`);
    expect(product.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // The corrupt offer is a miss too: fetched again from the retailer and served, never thrown.
    await app.services.staticProducts.putProducts([record!]);
    const live = await app.graphql(
      `{ product(id: "${planted.id}") { name offers { vendor price { amount } } liveStatus { vendor status } } }`,
    );
    expect(live.errors).toBeUndefined();
    expect(live.data.product.offers.find((o: { vendor: string }) => o.vendor === 'evo').price.amount).toBe(offer.price.amount);
    expect(live.data.product.liveStatus).toContainEqual({ vendor: 'evo', status: 'OK' });
    expect((await health()).cache.live.corrupt - before.live.corrupt).toBe(1);
    expect(app.retailerRequests().evo).toBe(1);
  });
});

describe('the live deadline counts from the operation\u2019s start', () => {
  it('an operation that has already used its LIVE_DEADLINE_MS gets TIMEOUT for what is not cached, and the late answer still fills the cache', async () => {
    await app.services.store.delete(...(await app.services.store.keys('live:')));
    const [id] = (await app.services.productSearch.search('beginner snowboard', undefined)).ids;
    const [record] = await app.services.staticProducts.getProducts([id!]);
    const listing = record!.listings[0]!;
    app.resetRetailerStats();
    // As if the operation had started LIVE_DEADLINE_MS ago (its cache reads took that long).
    const late = createContext(app.services, Date.now() - app.config.liveDeadlineMs);
    expect(await late.liveLoader.load(listing)).toBeNull();
    expect(late.liveLoader.statusOf(listing)).toMatchObject({ status: 'TIMEOUT', message: expect.stringMatching(/from the request's start/) });
    await app.services.liveMarket.idle();
    expect(app.retailerRequests().evo + app.retailerRequests().backcountry).toBe(1);

    const fresh = createContext(app.services);
    expect(await fresh.liveLoader.load(listing)).toMatchObject({ vendor: listing.vendor });
    expect(fresh.liveLoader.statusOf(listing)).toMatchObject({ status: 'OK' });
    expect(app.retailerRequests().evo + app.retailerRequests().backcountry).toBe(1);
  });
});
