import type { LiveOffer } from '../../domain/live.js';
import type { VendorId } from '../../domain/product.js';
import { VendorError, type VendorErrorKind } from '../types.js';

/**
 * Batch outcome rules shared by light agents: a missing product is that slot's NOT_FOUND;
 * when no product could be read and at least one call failed, the whole batch rejects.
 */

export type Slot = LiveOffer | VendorError;

/** Reject with one VendorError when nothing in the batch succeeded because calls failed; otherwise return the slots. */
export function settleBatch(vendor: VendorId, slots: Slot[]): Slot[] {
  if (slots.some((s) => !(s instanceof VendorError))) return slots;
  const faults = slots.filter((s): s is VendorError => s instanceof VendorError && s.kind !== 'NOT_FOUND');
  if (faults.length === 0) return slots;
  const kind = dominantKind(faults);
  const example = faults.find((f) => f.kind === kind);
  throw new VendorError(vendor, kind, `whole batch failed (${faults.length}/${slots.length}): ${example?.message ?? kind}`, {
    cause: example,
  });
}

/** The kind most calls failed with (ties: the first seen). */
function dominantKind(errors: VendorError[]): VendorErrorKind {
  const counts = new Map<VendorErrorKind, number>();
  for (const e of errors) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  let best: VendorErrorKind = errors[0]?.kind ?? 'ERROR';
  for (const [k, n] of counts) if (n > (counts.get(best) ?? 0)) best = k;
  return best;
}

/** `err` as a VendorError for this vendor (anything else is a bug and is rethrown). */
export function asVendorError(err: unknown): VendorError {
  if (err instanceof VendorError) return err;
  throw err;
}
