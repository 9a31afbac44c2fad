import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** The header that carries the body's HMAC-SHA256 under the alert's secret, as `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'x-hexar-signature';
/** A webhook answer slower than this is a failed attempt (retried). */
export const WEBHOOK_TIMEOUT_MS = 5000;

/** `sha256=<hex>` of the body under the secret: what the receiver recomputes to trust a delivery. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

// Loopback, private, link-local, carrier-grade NAT, unspecified and unique-local ranges: a
// shopper's webhook must not make our servers call into our own network.
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** True for a loopback or private address (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why this webhook URL may not be used, or null when it may: http(s) only, no credentials in it,
 * and (unless private targets are allowed) a host that resolves to public addresses only.
 * Checked when the alert is saved and again before every delivery (a name may resolve elsewhere later).
 */
export async function webhookProblem(text: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `webhookUrl "${text.slice(0, 200)}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `webhookUrl must be http or https, got ${url.protocol.replace(/:$/, '')}`;
  if (url.username || url.password) return 'webhookUrl must not carry credentials; the signature header authenticates deliveries';
  if (text.length > 2000) return 'webhookUrl is longer than 2000 characters';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return `webhookUrl's host "${host}" does not resolve`;
  }
  const blocked = addresses.find(isPrivateAddress);
  return blocked ? `webhookUrl's host "${host}" is a loopback or private address (${blocked}); webhooks go to public addresses only` : null;
}

/** POST the body, signed; resolves with null on a 2xx, else why the attempt failed. Never rejects. */
export async function postWebhook(url: string, secret: string, body: string, headers: Record<string, string>): Promise<string | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      // A redirect could lead anywhere (a private address): it is a failed attempt, not followed.
      redirect: 'manual',
      headers: { 'content-type': 'application/json', 'user-agent': 'hexar-price-alerts', [SIGNATURE_HEADER]: signBody(secret, body), ...headers },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.ok ? null : `the webhook answered HTTP ${response.status}`;
  } catch (err) {
    return `the webhook could not be reached: ${err instanceof Error ? err.message : String(err)}`;
  }
}
