import type { FaultKind } from '../faults/fault-kind.js';
import { FAULT_KINDS } from '../faults/fault-kind.js';
import type { Flavor } from '../flavor.js';
import type { SimClock } from '../sim-clock.js';
import type { AdvanceResult, GroundTruth, SimWorld } from '../world.js';

/** Everything `startSimulator` accepts; each has a documented default in `SIMULATOR_DEFAULTS`. */
export interface SimulatorOptions {
  readonly flavor: Flavor;
  readonly seed: number;
  /** Historical jobs in the world. */
  readonly jobs: number;
  /** Days of history, ending at `endAt`. */
  readonly days: number;
  /** The simulated "now"; history ends here and REST jobs are stamped after it. */
  readonly endAt: Date;
  /** Fraction of requests (0..1) that fail with one of `faultKinds`. */
  readonly faults: number;
  readonly faultKinds: readonly FaultKind[];
  readonly userName: string;
  readonly password: string;
  /** The personal access token accepted by Enterprise and Cloud flavors. */
  readonly token: string;
  /** The Cloud project id (`/v0/projects/{projectId}`). */
  readonly projectId: string;
  /** Lifetime of login session tokens in real milliseconds (Dremio: 30 h). */
  readonly tokenLifetimeMs: number;
  /** How long a `stall` fault holds a response; set it above the client's timeout. */
  readonly stallMs: number;
  /** Polls of `GET /job/{id}` answering PLANNING, then RUNNING, before a REST job shows its final state. */
  readonly pollsBeforeFinal: number;
  readonly host: string;
  /** 0 picks a free ephemeral port. */
  readonly port: number;
  /**
   * The simulated now. By default `endAt` plus the real time the simulator has run; a test passes a
   * `manualClock` to let jobs run past a collection and finish before the next without sleeping.
   */
  readonly clock?: SimClock;
  /** Called after every advance (HTTP or `advance()`), e.g. to rewrite a truth file. */
  readonly onAdvance?: (result: AdvanceResult) => void;
}

export const SIMULATOR_DEFAULTS: SimulatorOptions = {
  flavor: 'software-25.1',
  seed: 1,
  jobs: 5000,
  days: 14,
  endAt: new Date('2026-11-01T00:00:00.000Z'),
  faults: 0,
  faultKinds: FAULT_KINDS,
  userName: 'dremio',
  password: 'dremio123',
  token: 'dremio-sim-pat-6b1f0c2a9e4d4c8f8a3e5d7b9c1f2e40',
  projectId: '5e1c2a44-8f0b-4d59-9a3c-2f7e6b1d0c93',
  tokenLifetimeMs: 30 * 3_600_000,
  stallMs: 60_000,
  pollsBeforeFinal: 2,
  host: '127.0.0.1',
  port: 0,
};

/** A running simulator: where it listens, how to log in, what it planted, and how to stop it. */
export interface RunningSimulator {
  readonly url: string;
  readonly credentials: {
    readonly userName: string;
    readonly password: string;
    readonly token: string;
    readonly projectId: string;
  };
  /** The truth as of now: it changes with every change to the world and every advance. */
  readonly truth: GroundTruth;
  readonly world: SimWorld;
  readonly clock: SimClock;
  /** What `POST /__simulator/advance` does: lets `days` of workload pass and moves the clock. */
  advance(days: number): AdvanceResult;
  stop(): Promise<void>;
}

/** Fills defaults; a bad value (rate outside 0..1, negative counts) is an error naming the option. */
export function resolveSimulatorOptions(partial: Partial<SimulatorOptions>): SimulatorOptions {
  const options: SimulatorOptions = { ...SIMULATOR_DEFAULTS, ...stripUndefined(partial) };
  if (!(options.faults >= 0 && options.faults <= 1)) {
    throw new RangeError(`Simulator option faults must be between 0 and 1, got ${options.faults}.`);
  }
  for (const name of ['jobs', 'days', 'tokenLifetimeMs', 'stallMs', 'pollsBeforeFinal', 'port'] as const) {
    if (!Number.isFinite(options[name]) || options[name] < 0) {
      throw new RangeError(`Simulator option ${name} must be a non-negative number, got ${options[name]}.`);
    }
  }
  if (Number.isNaN(options.endAt.getTime()))
    throw new RangeError('Simulator option endAt is not a valid date.');
  return options;
}

function stripUndefined(partial: Partial<SimulatorOptions>): Partial<SimulatorOptions> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
}
