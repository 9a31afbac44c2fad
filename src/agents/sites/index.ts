import type { RetailerKind } from '../../config.js';
import { backcountryProfile } from './backcountry.js';
import { evoProfile } from './evo.js';
import type { SiteProfile } from './profile.js';

export type { SiteProfile, EvoProfile, BackcountryProfile, RowSpec, JsonPath } from './profile.js';
export { evoProfile, backcountryProfile };

const PROFILES: Record<RetailerKind, SiteProfile> = { evo: evoProfile, backcountry: backcountryProfile };

/** The site profile for a retailer kind (RetailerConfig.kind). */
export function profileFor(kind: RetailerKind): SiteProfile {
  return PROFILES[kind];
}
