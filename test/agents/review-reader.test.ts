import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { mergeReviews, parseRatingText, readPageReviews, readReviewList } from '../../src/agents/extract/index.js';
import type { Review } from '../../src/domain/product.js';

/** Review markup as storefronts other than the sandbox write it. The real pages are in extract-real-pages.test.ts. */

const page = (head: string, body = '') => load(`<html><head>${head}</head><body>${body}</body></html>`);
const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
const review = (r: Partial<Review> & Pick<Review, 'body'>): Review => ({ author: null, rating: null, title: null, date: null, ...r });

describe('schema.org reviews in JSON-LD', () => {
  it('reads review[] of a ProductGroup in an @graph, its variants\' reviews and stand-alone Review nodes that review it', () => {
    const $ = page(ld({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'BreadcrumbList' },
        {
          '@type': 'ProductGroup', '@id': '#product', name: 'Custom Camber Snowboard',
          review: { '@type': 'Review', author: { '@type': 'Person', name: 'kim' }, reviewRating: { ratingValue: 8, bestRating: 10 }, name: 'Good', reviewBody: 'Stiff but fun', datePublished: '2024-01-02T10:00:00Z' },
          hasVariant: [{ '@type': 'Product', sku: 'S1', review: [{ '@type': 'Review', reviewBody: 'The 150 fits me', reviewRating: 5 }] }],
        },
        { '@type': 'Review', itemReviewed: { '@id': '#product' }, author: 'lee', reviewBody: 'Stand-alone review of this board' },
        { '@type': 'Review', itemReviewed: { '@id': '#other' }, reviewBody: 'A review of another product' },
      ],
    }));
    expect(readPageReviews($)).toEqual([
      { author: 'kim', rating: 4, title: 'Good', body: 'Stiff but fun', date: '2024-01-02' },
      review({ body: 'The 150 fits me', rating: 5 }),
      review({ author: 'lee', body: 'Stand-alone review of this board' }),
    ]);
  });
});

describe('schema.org reviews in microdata', () => {
  it('reads Review items with reviewBody, a nested reviewRating, author and datePublished, even outside the Product scope', () => {
    const $ = page('', `
      <div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Board</span></div>
      <ul>
        <li itemscope itemtype="https://schema.org/Review">
          <span itemprop="name">Loose and playful</span>
          <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ana</span></span>
          <span itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating"><meta itemprop="ratingValue" content="4"></span>
          <meta itemprop="datePublished" content="2025-02-01">
          <p itemprop="reviewBody">Great in the park, chattery at speed.</p>
        </li>
      </ul>`);
    expect(readPageReviews($)).toEqual([{ author: 'Ana', rating: 4, title: 'Loose and playful', body: 'Great in the park, chattery at speed.', date: '2025-02-01' }]);
  });
});

describe('PowerReviews markup, by class whatever the element', () => {
  it('reads div.pr-review with the rating as text, "By" before the nickname and the date as text', () => {
    const $ = page('', `
      <div class="pr-review-display">
        <div class="pr-review" id="pr-review-1">
          <div class="pr-rd-star-rating"><span class="pr-accessible-text">Rated 4.0 out of 5 stars</span></div>
          <h2 class="pr-rd-review-headline pr-h2">Solid all-mountain board</h2>
          <p class="pr-rd-details pr-rd-author-nickname"><span><span>By</span></span> <span>Kim</span></p>
          <p class="pr-rd-details pr-rd-author-submission-date"><span>Submitted</span> <time>January 12, 2025</time></p>
          <p class="pr-rd-description-text">Holds an edge on ice.</p>
        </div>
        <article class="pr-review"><div class="pr-rd-star-rating" data-rating="3"></div><p class="pr-rd-description-text">Fine.</p></article>
        <div class="pr-review"><p class="pr-rd-description-text">  </p></div>
      </div>`);
    expect(readPageReviews($)).toEqual([
      { author: 'Kim', rating: 4, title: 'Solid all-mountain board', body: 'Holds an edge on ice.', date: '2025-01-12' },
      review({ body: 'Fine.', rating: 3 }),
    ]);
  });

  it('reads star ratings the ways pages write them, and no rating from a number without a scale', () => {
    expect(['4', '4.0', '4 stars', '4 out of 5', 'Rated 4.0 out of 5 stars', '8/10', '4,0'].map(parseRatingText)).toEqual([4, 4, 4, 4, 4, 4, 4]);
    expect(['80', '', 'Helpful (3)', '6 out of 5'].map(parseRatingText)).toEqual([null, null, null, null]);
  });
});

describe('a retailer\'s JSON review list under the usual keys', () => {
  it('reads body, text, reviewText and comment, with title/headline, rating/stars, author/nickname and date/submittedAt', () => {
    expect(readReviewList([
      { author: 'a', rating: 5, title: 't1', body: 'one', date: '2025-01-01' },
      { nickname: 'b', stars: '4', headline: 't2', text: 'two', submittedAt: '2025-01-02T08:00:00Z' },
      { author: { name: 'c' }, rating: { value: 3 }, reviewText: 'three' },
      { UserNickname: 'd', Rating: 2, Title: 't4', ReviewText: 'four (Bazaarvoice spelling)', SubmissionTime: '2025-01-04' },
      { comment: 'five' },
      { rating: 5 },
      'not a review',
    ])).toEqual([
      { author: 'a', rating: 5, title: 't1', body: 'one', date: '2025-01-01' },
      { author: 'b', rating: 4, title: 't2', body: 'two', date: '2025-01-02' },
      review({ author: 'c', rating: 3, body: 'three' }),
      { author: 'd', rating: 2, title: 't4', body: 'four (Bazaarvoice spelling)', date: '2025-01-04' },
      review({ body: 'five' }),
    ]);
    expect(readReviewList({ reviews: [] })).toEqual([]);
  });
});

describe('one review carried twice is one review', () => {
  const full = 'Stiff and fast, holds an edge on ice and still pops off every side hit I find.';

  it('JSON-LD and the retailer\'s markup: one review with the richer fields, in the order first seen', () => {
    const $ = page(
      ld({ '@type': 'Product', name: 'Board', review: [{ '@type': 'Review', author: 'Kim', reviewBody: 'STIFF and fast,  holds an edge on ice and still pops…', datePublished: '2025-01-12' }] }),
      `<section class="pr-review"><h3 class="pr-rd-review-headline">Rips</h3><span class="pr-rd-author-nickname">Kim</span>
       <div class="pr-rd-star-rating" data-rating="5"></div><p class="pr-rd-description-text">${full}</p></section>
       <section class="pr-review"><p class="pr-rd-description-text">Too soft for me.</p></section>`,
    );
    expect(readPageReviews($)).toEqual([
      { author: 'Kim', rating: 5, title: 'Rips', body: full, date: '2025-01-12' },
      review({ body: 'Too soft for me.' }),
    ]);
  });

  it('two reviews that only start alike, or say the same with different authors, stay two', () => {
    expect(mergeReviews([review({ body: 'Great board' }), review({ body: 'Great board for the park, not for powder' })])).toHaveLength(2);
    expect(mergeReviews([review({ author: 'Ana', body: 'Love it!' }), review({ author: 'Ben', body: 'love it' })])).toHaveLength(2);
    expect(mergeReviews([review({ author: 'Ana', body: 'Love it!' }), review({ body: 'love it' })])).toEqual([review({ author: 'Ana', body: 'Love it!' })]);
  });
});
