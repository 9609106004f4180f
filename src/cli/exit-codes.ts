import type { ErrorKind } from '../errors.js';

/** Exit codes are part of the CLI's contract; scripts and CI rely on them. */
export const EXIT = {
  ok: 0,
  /** `analyze --fail-on`: a finding at or above the threshold exists. */
  findings: 1,
  usage: 2,
  config: 2,
  input: 3,
  dremio: 4,
  store: 5,
  internal: 70,
  /** Stopped by SIGINT (Ctrl-C), as shells report it: 128 + the signal's number. */
  interrupted: 130,
  /** Stopped by SIGTERM (a service manager, `docker stop`, `kill`). */
  terminated: 143,
} as const;

export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

export const EXIT_BY_ERROR_KIND: Readonly<Record<ErrorKind, number>> = {
  config: EXIT.config,
  input: EXIT.input,
  invalid: EXIT.usage,
  'not-found': EXIT.input,
  conflict: EXIT.input,
  dremio: EXIT.dremio,
  // A failed external service, like Dremio: the language model behind `explain`.
  model: EXIT.dremio,
  store: EXIT.store,
  internal: EXIT.internal,
};
