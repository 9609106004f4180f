import type { Logger } from '../log/index.js';

/** The signal that interrupted this command, if one did; main turns it into the interrupted exit code. */
let interruption: NodeJS.Signals | undefined;

export function interruptedBy(): NodeJS.Signals | undefined {
  return interruption;
}

/** For main, at the start of each command (tests run several in one process). */
export function forgetInterruption(): void {
  interruption = undefined;
}

/**
 * An AbortSignal that fires on the first SIGINT or SIGTERM, so long commands stop gracefully (finish
 * the page in hand, record the run) instead of dying mid-write. A second signal exits at once.
 * `stopIsTheNormalEnd`: for `run`, whose only way to end is a signal; it then exits 0.
 */
export function abortOnSignals(options: { readonly stopIsTheNormalEnd?: boolean } = {}): {
  readonly signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(name === 'SIGTERM' ? 143 : 130);
    if (options.stopIsTheNormalEnd !== true) interruption = name;
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Tells the user their first signal was heard and what a second one does. */
export function announceStop(stop: AbortSignal, logger: Logger): void {
  stop.addEventListener(
    'abort',
    () => logger.warn('stopping: the current cycle finishes first (signal again to stop it now)'),
    { once: true },
  );
}

/**
 * For the long-running commands (`run`, `serve --schedule`): the first SIGINT or SIGTERM fires `stop`,
 * the schedule starts no new cycle and the one under way finishes (then the command exits 0); a second
 * fires `abort`, which stops that cycle at its next safe point like Ctrl-C stops `collect` (exit
 * 130/143); a third exits at once.
 */
export function stopThenAbortOnSignals(): {
  readonly stop: AbortSignal;
  readonly abort: AbortSignal;
  dispose(): void;
} {
  const stop = new AbortController();
  const abort = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(name === 'SIGTERM' ? 143 : 130);
    if (stop.signal.aborted) {
      interruption = name;
      abort.abort(new Error(`interrupted by ${name}`));
    } else {
      stop.abort(new Error(`stopped by ${name}`));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop: stop.signal,
    abort: abort.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
