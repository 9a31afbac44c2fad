import { ANALYSIS_STATUSES, CATEGORIES, GENDERS, SKILL_LEVELS } from '../domain/product.js';
import { AVAILABILITIES, VENDOR_STATUSES } from '../domain/live.js';
import { builder } from './builder.js';

export const CategoryEnum = builder.enumType('Category', { values: CATEGORIES });
export const GenderEnum = builder.enumType('Gender', { values: GENDERS });
export const SkillLevelEnum = builder.enumType('SkillLevel', { values: SKILL_LEVELS });
export const AnalysisStatusEnum = builder.enumType('AnalysisStatus', {
  values: ANALYSIS_STATUSES,
  description: 'PENDING: reviews were read and wait for analysis. READY: analysed (summary, pros, cons, aspects, bestFor). NO_REVIEWS: no retailer counts any review. FAILED (`message` says why): a retailer counts reviews but none of their texts could be read, or the analyzer gave no valid analysis; nothing is filled in.',
});
export const AvailabilityEnum = builder.enumType('Availability', { values: AVAILABILITIES });
export const VendorStatusCodeEnum = builder.enumType('VendorStatusCode', {
  values: VENDOR_STATUSES,
  description:
    'How one retailer answered the live request: OK, STALE (served from cache past its TTL while refreshing), TIMEOUT (missed the live deadline), ERROR (a failure, or a page that could not be read: one stating neither a price nor any availability), CIRCUIT_OPEN (the retailer is failing; not called), NOT_FOUND (the retailer no longer lists this product; no offer).',
});
