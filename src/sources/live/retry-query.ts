import { type LiveContext, messageOf } from './live-context.js';

const ATTEMPTS = 3;

/**
 * Re-runs a read-only query from scratch when it fails after the client's own retries (a results page
 * that expired, a job Dremio cancelled under load): a new SELECT costs one job and loses nothing.
 */
export async function retryQuery<T>(ctx: LiveContext, what: string, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= ATTEMPTS || ctx.signal?.aborted === true) throw error;
      ctx.logger.warn({ query: what, attempt, error: messageOf(error) }, 'query failed; running it again');
    }
  }
}
