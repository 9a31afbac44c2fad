import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: the one browser the browser tests use (never a downloaded one). */
export const CHROMIUM = '/usr/bin/chromium';

/** Hosts a page may reach: everything else is aborted by the tests' route guard. */
export const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why `what` cannot run (the browser is missing), or undefined: such a test fails with it, never skips. */
export function chromiumMissing(what: string): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing: ${what} needs Debian's chromium (apt-get install chromium; .ci/run installs it)`;
}

/** Headless Chromium that can reach nothing but this machine, with the launch options this kind of machine needs. */
export function launchLocalChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Below the route guard: no name resolves, so nothing but 127.0.0.1 is reachable at all.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}
