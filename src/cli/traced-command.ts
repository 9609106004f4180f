import { withSpan } from '../observe/span.js';

/**
 * Commands that run until stopped: a span over their whole life would never end in time to be seen.
 * Their units of work open their own traces (`api.<route>` per request, a pipeline cycle per cycle).
 */
const LONG_RUNNING: ReadonlySet<string> = new Set(['serve', 'mcp', 'simulate']);

/** Runs one CLI command as one trace, `cli.<command>`, unless it is a long-running one. */
export function tracedCommand<T>(
  command: string | undefined,
  argv: readonly string[],
  run: () => Promise<T>,
): Promise<T> {
  const repeating = command === 'run' && argv.some((a) => a === '--every' || a.startsWith('--every='));
  if (command === undefined || LONG_RUNNING.has(command) || repeating) return run();
  return withSpan(`cli.${command}`, { command }, () => run(), { root: true });
}
