import type { Listing } from '../../domain/product.js';
import { backcountryOffer, readBackcountryApi } from '../pages/backcountry.js';
import type { BackcountryProfile } from '../sites/profile.js';
import { MalformedBodyError, parseJson, VendorRequestError, type VendorClient } from '../vendor-client.js';
import { VendorError } from '../types.js';
import { asVendorError, settleBatch, type Slot } from './batch.js';

type Options = { signal?: AbortSignal; deadlineMs?: number };
type Answer = Map<string, Record<string, unknown> | VendorError>;

const notFound = (client: VendorClient, id: string) => new VendorError(client.vendor, 'NOT_FOUND', `${client.vendor} has no product ${id}`);
// An answer that neither holds nor names an id says nothing about it: that is no reason to take it as delisted.
const unanswered = (client: VendorClient, id: string) =>
  new VendorError(client.vendor, 'MALFORMED', `unreadable answer: ${client.vendor} neither returned nor listed as unknown product ${id}`);

/** One API call for up to maxIdsPerCall ids; a refused comma list (400/404) falls back to one call per id. */
async function fetchChunk(client: VendorClient, profile: BackcountryProfile, ids: string[], options: Options): Promise<Answer> {
  const answer: Answer = new Map();
  try {
    const { products, notFound: missing } = await client.get(profile.api.products(ids), (body) => readBackcountryApi(parseJson(body), ids), options);
    for (const p of products) if (typeof p['id'] === 'string') answer.set(p['id'], p);
    for (const id of ids) if (missing.includes(id)) answer.set(id, notFound(client, id));
    for (const id of ids) if (!answer.has(id)) answer.set(id, unanswered(client, id));
    return answer;
  } catch (err) {
    const e = asVendorError(err);
    const refused = ids.length > 1 && e instanceof VendorRequestError && (e.status === 400 || e.status === 404);
    if (ids.length === 1 && e.kind === 'NOT_FOUND') return new Map([[ids[0] ?? '', notFound(client, ids[0] ?? '')]]);
    if (!refused) return new Map(ids.map((id) => [id, e]));
  }
  // The storefront does not take comma lists: one call per id, still bounded by the client's concurrency.
  await Promise.all(
    ids.map(async (id) => {
      try {
        const { products, notFound: missing } = await client.get(profile.api.products([id]), (body) => readBackcountryApi(parseJson(body), [id]), options);
        answer.set(id, products[0] ?? (missing.includes(id) ? notFound(client, id) : unanswered(client, id)));
      } catch (err) {
        const e = asVendorError(err);
        answer.set(id, e.kind === 'NOT_FOUND' ? notFound(client, id) : e);
      }
    }),
  );
  return answer;
}

/** backcountry: the product API, one call per batch of up to 50 ids. */
export async function backcountryLiveMarketData(
  client: VendorClient,
  profile: BackcountryProfile,
  listings: readonly Listing[],
  options: Options,
): Promise<Slot[]> {
  const ids = [...new Set(listings.map((l) => l.vendorProductId))];
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += profile.api.maxIdsPerCall) chunks.push(ids.slice(i, i + profile.api.maxIdsPerCall));
  const answers = await Promise.all(chunks.map((c) => fetchChunk(client, profile, c, options)));
  const byId: Answer = new Map(answers.flatMap((a) => [...a]));
  const slots = listings.map((l): Slot => {
    const a = byId.get(l.vendorProductId) ?? notFound(client, l.vendorProductId);
    return a instanceof VendorError ? a : offerOrFailure(client, profile, a, l);
  });
  return settleBatch(client.vendor, slots);
}

/**
 * One product of an answer that was read: its offer, or MALFORMED when it alone states nothing.
 * The breaker counted the call as a success (the answer said something about other products);
 * an answer in which no product states anything fails inside the breaker (readBackcountryApi).
 */
function offerOrFailure(client: VendorClient, profile: BackcountryProfile, product: Record<string, unknown>, l: Listing): Slot {
  try {
    return backcountryOffer(product, client.vendor, l.vendorProductId, l.url, profile);
  } catch (err) {
    if (!(err instanceof MalformedBodyError)) throw err;
    return new VendorError(client.vendor, 'MALFORMED', `unreadable product ${l.vendorProductId}: ${err.message}`, { cause: err });
  }
}
