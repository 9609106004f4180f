/**
 * Where a command's long work reports how far it got. `data` carries `done` and, when known, `total`
 * (items of the stage), besides the stage's own counts.
 */
export interface ProgressReporter {
  report(stage: string, text: string, data: Readonly<Record<string, number>>): void;
  /** Ends the display: the last stage's line stays finished, timers stop. */
  done(): void;
}
