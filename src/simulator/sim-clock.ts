/** The simulator's "now" in epoch ms: what history, running jobs and REST jobs are measured against. */
export interface SimClock {
  nowMs(): number;
  /** Moves now forward by `ms`, as when the simulator lets days pass (`advance`). */
  advance(ms: number): void;
}

/** A clock a test moves by hand, so jobs finish between two collections without sleeping. */
export interface ManualSimClock extends SimClock {
  set(epochMs: number): void;
}

export function manualClock(startMs: number): ManualSimClock {
  let now = startMs;
  return {
    nowMs: () => now,
    set: (epochMs) => {
      now = epochMs;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/**
 * The default: the world's end of history plus the real time the simulator has run (plus whatever
 * was advanced), so jobs submitted over REST finish while the client polls. Only the simulator's own
 * pace reads the real clock; the world's data never does.
 */
export function runningClock(endAtMs: number): SimClock {
  const startedAtMs = Date.now();
  let advancedMs = 0;
  return {
    nowMs: () => endAtMs + advancedMs + (Date.now() - startedAtMs),
    advance: (ms) => {
      advancedMs += ms;
    },
  };
}
