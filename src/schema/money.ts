import type { Money } from '../domain/product.js';
import { builder } from './builder.js';

export const MoneyRef = builder.objectRef<Money>('Money').implement({
  description: 'An amount of money in a currency (ISO 4217).',
  fields: (t) => ({
    amount: t.exposeFloat('amount'),
    currencyCode: t.exposeString('currencyCode'),
  }),
});
