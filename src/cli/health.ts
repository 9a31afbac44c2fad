import type { Config } from '../config.js';
import type { ProgressStream } from './progress.js';

/** `health`: GET /ready on PORT (loopback); resolves true when it answered 200, and says what it answered on `out`. */
export async function checkReady(config: Config, out: ProgressStream): Promise<boolean> {
  const url = `http://127.0.0.1:${config.port}/ready`;
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) }).catch((err: unknown) => err as Error);
  if (response instanceof Error) {
    out.write(`not ready: ${url} cannot be reached (${response.message})\n`);
    return false;
  }
  const body = await response.text();
  out.write(`${response.status === 200 ? 'ready' : `not ready (${response.status})`}: ${body}\n`);
  return response.status === 200;
}
