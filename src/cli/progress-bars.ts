import type { Writable } from 'node:stream';
import { progressLine } from './progress-line.js';
import { ProgressMeter } from './progress-meter.js';
import type { ProgressReporter } from './progress-reporter.js';

const REDRAW_MS = 100;

/**
 * Progress on a terminal: one line per stage, redrawn in place at most ten times a second (and on a
 * timer, so the spinner turns and the clock runs while a stage waits on Dremio). A new stage leaves
 * the previous stage's finished line above it.
 */
export function createProgressBars(options: {
  readonly stream: Writable;
  /** Read at every redraw: the terminal may be resized meanwhile. */
  readonly widthColumns: () => number;
  readonly now?: () => number;
}): ProgressReporter {
  const now = options.now ?? Date.now;
  let meter: ProgressMeter | undefined;
  let shown = '';
  let writtenAtMs = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setInterval> | undefined;

  const stream = options.stream;
  const write = stream.write.bind(stream) as (text: string) => boolean;
  const draw = (finished: boolean) => {
    if (meter === undefined) return;
    const at = now();
    const line = progressLine(meter.view(at, finished), options.widthColumns());
    if (line === shown && !finished) return;
    writtenAtMs = at;
    shown = finished ? '' : line;
    write(`\r${line}\x1b[K${finished ? '\n' : ''}`);
  };
  // A log line written meanwhile (a warning, `collection finished`) would land at the end of the bar:
  // the bar makes way for it and comes back below it on the next redraw.
  const own = Object.getOwnPropertyDescriptor(stream, 'write');
  stream.write = ((...args: Parameters<Writable['write']>) => {
    if (shown !== '') write('\r\x1b[K');
    shown = '';
    return (write as (...a: Parameters<Writable['write']>) => boolean)(...args);
  }) as Writable['write'];
  const unhook = () => {
    if (own === undefined) delete (stream as { write?: unknown }).write;
    else Object.defineProperty(stream, 'write', own);
  };
  const finish = () => {
    draw(true);
    meter = undefined;
  };

  return {
    report(stage, text, data) {
      const at = now();
      const fresh = meter === undefined || meter.stage !== stage;
      if (fresh) {
        if (meter !== undefined) finish();
        meter = new ProgressMeter(stage, at);
      }
      meter?.update(text, data, at);
      if (fresh || at - writtenAtMs >= REDRAW_MS) draw(false);
      if (timer === undefined) {
        timer = setInterval(() => draw(false), REDRAW_MS);
        // Progress never keeps the process alive.
        timer.unref();
      }
    },
    done() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      if (meter !== undefined) finish();
      unhook();
    },
  };
}
