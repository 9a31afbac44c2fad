/**
 * The operations GraphiQL opens with, one tab each, so the run button runs a tab's operation
 * without asking which (GraphiQL asks when a document holds several). The first tab, open on
 * arrival, is the deferred search: a partner sees static fields at once and live prices stream in.
 */
export const GRAPHIQL_TABS: readonly string[] = [
  /* GraphQL */ `# Hexar Gear API. Static fields arrive at once; the @defer fragment
# streams each retailer's live price and stock afterwards. Press the run button.
# More examples in the other tabs. The demo runs against simulated storefronts (see README).
query BeginnerBoardsWithLivePrices {
  search(query: "beginner snowboard under $400", first: 5) {
    edges {
      node {
        name
        brand
        rating { average count }
        ... @defer(label: "live") {
          bestOffer { vendor price { amount currencyCode } }
          offers {
            vendor url stale fetchedAt availability discountPercent
            price { amount currencyCode }
            listPrice { amount }
            sizes { size inStock quantity }
            shipping { cost { amount } freeShippingThreshold { amount } estimatedDaysMin estimatedDaysMax }
          }
          liveStatus { vendor status message }
        }
      }
    }
  }
}
`,
  /* GraphQL */ `# Static fields only: specs, reviews' rating and the catalog's state, from the static tier.
query BeginnerBoards {
  search(query: "beginner snowboard under $400", first: 5) {
    totalCount
    interpretation { category skillLevel maxPrice }
    catalog { state productCount }
    edges {
      node {
        id
        name
        brand
        category
        lastKnownPrice { amount currencyCode }
        specs { flex profile shape terrain skillLevels sizes }
        rating { average count }
        analysis { status }
        listings { vendor url }
      }
    }
  }
}
`,
  /* GraphQL */ `# Sizes and price ranges are read from the text.
query PowderSkis {
  search(query: "powder skis 180cm between $500 and $800") {
    edges { node { name brand specs { lengthsCm waistWidthMm } lastKnownPrice { amount } } }
  }
}
`,
];
