import { createHash, timingSafeEqual } from 'node:crypto';

/** Why a request to /admin/* is refused, or null when it may see the page. */
export type AdminRefusal = { status: 401 | 403; message: string } | null;

/**
 * The /admin/* rule. With a token configured: `Authorization: Bearer <token>`, compared in
 * constant time. Without one: only a peer on loopback (an operator on the host, a sidecar);
 * a request with no known peer (in-process) is not treated as loopback.
 */
export function adminRefusal(adminToken: string | undefined, authorization: string | null, peerAddress: string | undefined): AdminRefusal {
  if (adminToken !== undefined) {
    const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (given !== undefined && sameSecret(given, adminToken)) return null;
    return { status: 401, message: 'a valid Authorization: Bearer token is required' };
  }
  if (peerAddress !== undefined && isLoopback(peerAddress)) return null;
  return { status: 403, message: 'ADMIN_TOKEN is not set: /admin/* answers only on loopback' };
}

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string): boolean {
  return /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(address) || address === '::1';
}

/** Equal-length digests, so neither the content nor the length of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
