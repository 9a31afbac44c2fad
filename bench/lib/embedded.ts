import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServices, type AppServices } from '../../src/services.js';
import { startSandbox } from '../../src/sandbox/index.js';

/**
 * One embedded Hexar for the in-process probes: the sandbox storefronts in this process at no
 * latency, a data directory of its own, no crawl on start and no price changes, then one crawl.
 * `close()` stops both and removes the data directory.
 */
export async function startEmbeddedHexar(name: string): Promise<{ services: AppServices; close: () => Promise<void> }> {
  const dataDir = join(tmpdir(), `hexar-${name}-${process.pid}`);
  const sandbox = await startSandbox({ host: '127.0.0.1', latencyMs: 0 });
  const config = loadConfig({
    EVO_BASE_URL: sandbox.evo.baseUrl,
    BACKCOUNTRY_BASE_URL: sandbox.backcountry.baseUrl,
    LOG_LEVEL: 'silent',
    CRAWL_ON_START: 'false',
    SANDBOX_PRICE_CHANGES: 'false',
    DATA_DIR: dataDir,
  });
  const services = await createServices(config, createLogger(config.logLevel, config.logFormat));
  await services.heavyProcessor.runOnce();
  return {
    services,
    close: async () => {
      await services.close();
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
