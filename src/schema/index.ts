import { lexicographicSortSchema, printSchema } from 'graphql';
import { specifiedDirectives } from 'graphql';
import { builder } from './builder.js';
import { DeferDirective, StreamDirective } from './directives.js';
import './enums.js';
import './money.js';
import './product.js';
import './search.js';
import './offer.js';
import './viewer.js';
import './subscription.js';
import './price-history.js';
import './alerts.js';

/** The executable schema, built once from every type file above. */
export const schema = builder.toSchema({ directives: [...specifiedDirectives, DeferDirective, StreamDirective] });

/** SDL as committed in schema.graphql (sorted, so diffs stay small). */
export function printHexarSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
