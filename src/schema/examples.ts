/** The operations GraphiQL opens with, so a partner sees static fields and deferred live fields at once. */
export const GRAPHIQL_EXAMPLE = /* GraphQL */ `# Hexar Gear API. Static fields arrive at once; the @defer fragment
# streams each retailer's live price and stock afterwards.
# The demo runs against simulated storefronts (see README).
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

# Static fields at once, each retailer's live price and stock streamed in afterwards.
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

query PowderSkis {
  search(query: "powder skis 180cm between $500 and $800") {
    edges { node { name brand specs { lengthsCm waistWidthMm } lastKnownPrice { amount } } }
  }
}
`;
