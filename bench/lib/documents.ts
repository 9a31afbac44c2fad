/** The GraphQL documents the bench sends: what a shopper's search page asks for. */

const STATIC_FIELDS = `id name brand category year imageUrl specs { flex profile shape skillLevels terrain } rating { average count } pros cons analysis { status summary } lastKnownPrice { amount currencyCode }`;
const LIVE_FIELDS = `offers { vendor availability price { amount currencyCode } } liveStatus { vendor status }`;

/** Static fields only: what the catalog answers without any retailer. */
export const STATIC_DOC = `query Search($q: String!, $n: Int) { search(query: $q, first: $n) { totalCount edges { node { ${STATIC_FIELDS} } } } }`;

/** The search page: static fields at once, live fields deferred. */
export const DEFER_DOC = `query Search($q: String!, $n: Int) { search(query: $q, first: $n) { totalCount edges { node { ${STATIC_FIELDS} ... @defer { ${LIVE_FIELDS} } } } } }`;

/** Both, in one payload: what the ceiling is given to answer either document from memory. */
export const CAPTURE_DOC = `query Search($q: String!, $n: Int) { search(query: $q, first: $n) { totalCount edges { node { ${STATIC_FIELDS} ${LIVE_FIELDS} } } } }`;
