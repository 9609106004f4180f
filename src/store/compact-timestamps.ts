import type { JobTimestamps } from '../domain/job.js';

/**
 * A stored job's timestamps, held as the submit time plus each other timestamp's offset from it in ms.
 * The analysis keeps every job of its window in memory, and ten `Date` objects a job were a third of
 * that memory (~1 KB a job; 1M jobs, 1 GB): an offset is a small integer V8 stores in the object
 * itself. Only the submit time is read per job in hot loops; the others make a `Date` when read.
 * `toJSON` keeps the serialised form of a plain `JobTimestamps`.
 */
export class CompactTimestamps implements JobTimestamps {
  readonly submittedAt: Date;
  readonly #attemptStarted: number | null;
  readonly #metadataRetrieval: number | null;
  readonly #planningStart: number | null;
  readonly #queryEnqueued: number | null;
  readonly #engineStart: number | null;
  readonly #executionPlanning: number | null;
  readonly #starting: number | null;
  readonly #executionStart: number | null;
  readonly #finalState: number | null;

  /** `epochMs`: the other timestamps in `JobTimestamps` order, ms since the epoch or null. */
  constructor(submittedAt: Date, epochMs: readonly (number | null)[]) {
    this.submittedAt = submittedAt;
    const base = submittedAt.getTime();
    const offset = (i: number) => {
      const ms = epochMs[i];
      return ms === null || ms === undefined ? null : ms - base;
    };
    this.#attemptStarted = offset(0);
    this.#metadataRetrieval = offset(1);
    this.#planningStart = offset(2);
    this.#queryEnqueued = offset(3);
    this.#engineStart = offset(4);
    this.#executionPlanning = offset(5);
    this.#starting = offset(6);
    this.#executionStart = offset(7);
    this.#finalState = offset(8);
  }

  #at(offset: number | null): Date | null {
    return offset === null ? null : new Date(this.submittedAt.getTime() + offset);
  }

  get attemptStartedAt(): Date | null {
    return this.#at(this.#attemptStarted);
  }
  get metadataRetrievalAt(): Date | null {
    return this.#at(this.#metadataRetrieval);
  }
  get planningStartAt(): Date | null {
    return this.#at(this.#planningStart);
  }
  get queryEnqueuedAt(): Date | null {
    return this.#at(this.#queryEnqueued);
  }
  get engineStartAt(): Date | null {
    return this.#at(this.#engineStart);
  }
  get executionPlanningAt(): Date | null {
    return this.#at(this.#executionPlanning);
  }
  get startingAt(): Date | null {
    return this.#at(this.#starting);
  }
  get executionStartAt(): Date | null {
    return this.#at(this.#executionStart);
  }
  get finalStateAt(): Date | null {
    return this.#at(this.#finalState);
  }

  /** The plain object, for `JSON.stringify` and for spreading (`{ ...t.toJSON() }`). */
  toJSON(): JobTimestamps {
    return {
      submittedAt: this.submittedAt,
      attemptStartedAt: this.attemptStartedAt,
      metadataRetrievalAt: this.metadataRetrievalAt,
      planningStartAt: this.planningStartAt,
      queryEnqueuedAt: this.queryEnqueuedAt,
      engineStartAt: this.engineStartAt,
      executionPlanningAt: this.executionPlanningAt,
      startingAt: this.startingAt,
      executionStartAt: this.executionStartAt,
      finalStateAt: this.finalStateAt,
    };
  }
}
