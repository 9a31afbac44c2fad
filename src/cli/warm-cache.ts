import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { searchKeyOf } from '../catalog/product-search.js';
import { searchWords } from '../catalog/search-miss.js';
import { ProgressBar, type ProgressStream } from './progress.js';

/** A queries file that cannot be read (the CLI prints the message and exits 2). */
export class QueriesFileError extends Error {
  override name = 'QueriesFileError';
}

/** The queries of a queries file: one a line, trimmed; blank lines and `#` comments skipped; each text once. */
export function parseQueries(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return [...new Set(lines)];
}

/**
 * `warm-cache [queries.txt]`: crawl every retailer once into the static tier; then, with a queries
 * file, run the analyze-query work for each distinct understood query (as the job would, each
 * retailer's search page and the page of every hit the catalog lacks), here in this process, so the script knows
 * when each is done and exits only then. Progress goes to `progress` (a bar on a terminal).
 * Resolves with the number of queries whose analysis failed.
 */
export async function warmCache(config: Config, logger: Logger, queriesFile: string | undefined, progress: ProgressStream): Promise<number> {
  // Read first: a wrong path fails before a crawl of minutes.
  const queries = queriesFile ? parseQueries(readQueriesFile(queriesFile)) : [];
  const { createServices } = await import('../services.js');
  const services = await createServices(config, logger);
  const bar = new ProgressBar(progress);
  try {
    const summary = await services.heavyProcessor.runOnce({ onProgress: (p) => bar.update(`crawl ${p.vendor}`, p.productsDone, p.productsTotal) });
    bar.finish(`crawl done: ${summary.products} products`);
    logger.info({ summary }, `warm-cache: ${summary.products} products in the static tier`);
    if (queries.length === 0) return 0;

    // The same deduplication as the queue's (one analysis per understood intent).
    const byIntent = new Map<string, string>();
    for (const query of queries) {
      const intent = services.catalog.interpret(query);
      const words = searchWords(intent);
      if (words) byIntent.set(searchKeyOf(intent), words);
    }
    const distinct = [...byIntent.values()];
    let done = 0;
    let failed = 0;
    bar.update('queries', 0, distinct.length);
    for (const words of distinct) {
      try {
        await services.heavyProcessor.analyzeQueryNow(words, AbortSignal.timeout(config.maxExecutionTimeMs));
      } catch (err) {
        failed++;
        logger.warn({ err: err instanceof Error ? err.message : String(err), query: words }, 'warm-cache: query analysis failed');
      }
      bar.update('queries', ++done, distinct.length);
    }
    bar.finish(`queries done: ${distinct.length - failed}/${distinct.length}`);
    logger.info(`warm-cache: ${distinct.length} queries analyzed (${failed} failed), ${services.catalog.size} products in the static tier`);
    return failed;
  } finally {
    await services.close();
  }
}

function readQueriesFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new QueriesFileError(`warm-cache: cannot read the queries file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
