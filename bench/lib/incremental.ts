import { performance } from 'node:perf_hooks';

/**
 * Reads a GraphQL response as it arrives and times each payload: a `multipart/mixed`
 * incremental delivery (`@defer`, as graphql-yoga sends it) part by part, or a single JSON
 * body. The bench needs the static payload's time apart from the complete answer's, which
 * a load tool that only sees whole responses cannot give.
 */

export interface TimedPart {
  /** ms since the request started, when the part's last byte was read. */
  atMs: number;
  /** The part's JSON (an initial result, or a subsequent payload with `incremental`). */
  payload: Record<string, unknown>;
}

export interface TimedResponse {
  status: number;
  parts: TimedPart[];
  /** The first payload (for @defer: the static part). */
  firstMs: number;
  /** The last payload: the complete answer. */
  completeMs: number;
  /** Every byte of the body, as sent. */
  body: Buffer;
}

const CRLF2 = Buffer.from('\r\n\r\n');

function boundaryOf(contentType: string): string | null {
  if (!/^multipart\/mixed/i.test(contentType)) return null;
  const m = /boundary="?([^";]+)"?/i.exec(contentType);
  return m ? m[1]! : '-';
}

/** Parses the complete parts in buf from `from`; returns them and where the next part starts. */
export function parseMultipart(buf: Buffer, boundary: string, from: number): { bodies: Buffer[]; next: number; done: boolean } {
  const delimiter = Buffer.from(`--${boundary}`);
  const bodies: Buffer[] = [];
  let cursor = from;
  for (;;) {
    const d = buf.indexOf(delimiter, cursor);
    if (d < 0) return { bodies, next: cursor, done: false };
    const after = d + delimiter.length;
    if (buf.length < after + 2) return { bodies, next: cursor, done: false };
    if (buf[after] === 0x2d && buf[after + 1] === 0x2d) return { bodies, next: buf.length, done: true };
    const headersEnd = buf.indexOf(CRLF2, after);
    if (headersEnd < 0) return { bodies, next: cursor, done: false };
    const headers = buf.subarray(after, headersEnd).toString('latin1');
    const length = /content-length:\s*(\d+)/i.exec(headers);
    const bodyStart = headersEnd + CRLF2.length;
    let bodyEnd: number;
    if (length) {
      bodyEnd = bodyStart + Number(length[1]);
      if (buf.length < bodyEnd) return { bodies, next: cursor, done: false };
    } else {
      bodyEnd = buf.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), bodyStart);
      if (bodyEnd < 0) return { bodies, next: cursor, done: false };
    }
    bodies.push(buf.subarray(bodyStart, bodyEnd));
    cursor = bodyEnd;
  }
}

/**
 * Reads `response` to its end, timing every payload from `startedMs` (a performance.now()).
 * `onPart` is called as each payload is read, before the next one is waited for.
 */
export async function readIncremental(response: Response, startedMs: number, onPart?: (part: TimedPart) => void): Promise<TimedResponse> {
  const boundary = boundaryOf(response.headers.get('content-type') ?? '');
  const chunks: Buffer[] = [];
  const parts: TimedPart[] = [];
  let buf = Buffer.alloc(0);
  let cursor = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      chunks.push(Buffer.from(chunk));
      if (boundary === null) continue;
      buf = Buffer.concat([buf, chunk]);
      const { bodies, next } = parseMultipart(buf, boundary, cursor);
      cursor = next;
      const at = performance.now() - startedMs;
      for (const body of bodies) {
        const text = body.toString('utf8').trim();
        if (!text) continue;
        const part = { atMs: at, payload: JSON.parse(text) as Record<string, unknown> };
        parts.push(part);
        onPart?.(part);
      }
    }
  }
  const body = Buffer.concat(chunks);
  const endMs = performance.now() - startedMs;
  if (boundary === null) {
    const part = { atMs: endMs, payload: body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {} };
    parts.push(part);
    onPart?.(part);
  }
  return {
    status: response.status,
    parts,
    firstMs: parts[0]?.atMs ?? endMs,
    completeMs: parts.at(-1)?.atMs ?? endMs,
    body,
  };
}
