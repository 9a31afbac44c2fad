import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { OfflineReviewAnalyzer } from './offline-analyzer.js';
import { OpenAiReviewAnalyzer } from './openai-analyzer.js';
import type { ReviewAnalyzer } from './types.js';

export { ReviewAnalysisService, type ReviewAnalysisStats } from './analysis-service.js';
export type { ReviewAnalyzer, AnalyzerCall, AnalyzerName } from './types.js';

/** The OpenAI analyzer when OPENAI_API_KEY is set, else the offline one (no key, no network, no cost). */
export function createReviewAnalyzer(config: Config, logger: Logger): ReviewAnalyzer {
  const { openai, priceInputPerMTok, priceOutputPerMTok, timeoutMs } = config.analysis;
  if (!openai) return new OfflineReviewAnalyzer();
  return new OpenAiReviewAnalyzer({ ...openai, priceInputPerMTok, priceOutputPerMTok, timeoutMs, logger });
}
