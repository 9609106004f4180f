import { resolve } from 'node:path';
import { type OwnedAppDeps, withAppDeps } from '../app/app-deps.js';
import type { OptimizerMetrics } from '../observe/metrics.js';
import { openStore, type Store } from '../store/index.js';
import type { CliContext } from './context.js';
import { createProgress } from './progress.js';
import { abortOnSignals, stopThenAbortOnSignals } from './signals.js';

/** Opens the configured store for one command and always closes it, so the process exits promptly. */
export async function withStore<T>(
  context: CliContext,
  options: { readonly command: string; readonly migrate?: boolean; readonly metrics?: OptimizerMetrics },
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const config = context.config();
  const store = await openStore({
    databaseUrl: config.database.url,
    dataDir: resolve(context.io.cwd, config.dataDir),
    command: options.command,
    ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
    ...(options.metrics === undefined ? {} : { onError: options.metrics.dbError }),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Runs a command's services: the store, the service dependencies (a Dremio client on first use), a
 * stop on SIGINT/SIGTERM and the progress line; all closed however the command ends. `fn` gets the
 * signal that ends the command (`stop`): the services' own `deps.signal` unless the command finishes
 * its current work first (`finishCurrentWork`), then only a second signal reaches `deps.signal`.
 */
export async function withServices<T>(
  context: CliContext,
  options: {
    readonly command: string;
    /** Label of the progress on stderr (see createProgress); none when absent. */
    readonly progress?: string;
    /** For `run`, which only ends when stopped: a signal is then the normal end (exit 0). */
    readonly stopIsTheNormalEnd?: boolean;
    /** Counts and times what the services do (`run --metrics-port`); absent: nothing recorded. */
    readonly metrics?: OptimizerMetrics;
    /** For `run`: the first signal lets the cycle under way finish, a second aborts it. */
    readonly finishCurrentWork?: boolean;
  },
  fn: (deps: OwnedAppDeps, stop: AbortSignal) => Promise<T>,
): Promise<T> {
  const signals = signalsOf(options);
  const progress =
    options.progress === undefined
      ? undefined
      : createProgress(context.io, { label: options.progress, quiet: context.quiet() });
  // Opening the store (migrations, PGlite's start) can take seconds before the first stage reports.
  progress?.report('store', 'opening the store', { done: 0 });
  try {
    const metrics = options.metrics;
    return await withStore(context, { command: options.command, ...(metrics ? { metrics } : {}) }, (store) =>
      withAppDeps(
        { config: context.config(), logger: context.logger(), store, signal: signals.abort, metrics },
        (deps) =>
          fn(
            progress === undefined
              ? deps
              : {
                  ...deps,
                  onProgress: (stage, text, data) => progress.report(stage, text, data),
                },
            signals.stop,
          ),
      ),
    );
  } finally {
    signals.dispose();
    progress?.done();
  }
}

function signalsOf(options: {
  readonly stopIsTheNormalEnd?: boolean;
  readonly finishCurrentWork?: boolean;
}): {
  readonly stop: AbortSignal;
  readonly abort: AbortSignal;
  dispose(): void;
} {
  if (options.finishCurrentWork === true) return stopThenAbortOnSignals();
  const one = abortOnSignals(options.stopIsTheNormalEnd === true ? { stopIsTheNormalEnd: true } : {});
  return { stop: one.signal, abort: one.signal, dispose: () => one.dispose() };
}
