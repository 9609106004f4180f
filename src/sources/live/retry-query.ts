import { isTransientFailure } from '../../dremio/retry-policy.js';
import { type LiveContext, messageOf } from './live-context.js';

const ATTEMPTS = 3;

/**
 * Re-runs one read-only query or page from scratch when it fails transiently after the client's own
 * retries (a results page that expired, a job Dremio rejected under load): a new SELECT costs one job
 * and loses nothing, and the pages already committed stay committed.
 */
export async function retryQuery<T>(ctx: LiveContext, what: string, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isTransientFailure(error) || ctx.signal?.aborted === true) throw error;
      ctx.logger.warn({ query: what, attempt, error: messageOf(error) }, 'query failed; running it again');
    }
  }
}
