import type { DremioConnection } from './dremio-connection.js';
import { sleep } from './request-limiter.js';
import { backoffDelayMs, isTransientFailure } from './retry-policy.js';

/**
 * Times one step (a poll, a results page, a rejected query) is tried when each try has already used
 * up its request's own retries. With 30 % of requests failing and 5 attempts a request, a step fails
 * once in ~400 tries; four tries of the step make that once in ~4·10¹⁰.
 */
export const STEP_ATTEMPTS = 4;

/**
 * Repeats one step of a longer operation after a transient failure, with the connection's backoff,
 * so a bad moment costs that step and not the work done before it.
 */
export async function retryStep<T>(
  connection: DremioConnection,
  step: { readonly what: string; readonly signal?: AbortSignal },
  run: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= STEP_ATTEMPTS || !isTransientFailure(error) || step.signal?.aborted === true)
        throw error;
      const delayMs = backoffDelayMs({ attempt: attempt + 1, retry: connection.options.retry });
      connection.logger.warn({ step: step.what, attempt, delayMs, error: String(error) }, 'retrying step');
      await sleep(delayMs, step.signal);
    }
  }
}
