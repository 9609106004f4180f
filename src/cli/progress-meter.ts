import type { ProgressView } from './progress-line.js';

const RATE_WINDOW_MS = 10_000;
const MIN_RATE_SPAN_MS = 200;

interface Sample {
  readonly atMs: number;
  readonly done: number;
}

/**
 * One stage's count over time: its rate over the last ten seconds (or since the stage began, when
 * younger), so the time left follows a stage that speeds up or slows down. Times are the UI's own
 * clock, never the data's.
 */
export class ProgressMeter {
  private samples: Sample[];
  private text = '';
  private done = 0;
  private total: number | undefined;

  constructor(
    readonly stage: string,
    private readonly startedAtMs: number,
  ) {
    this.samples = [{ atMs: startedAtMs, done: 0 }];
  }

  update(text: string, data: Readonly<Record<string, number>>, nowMs: number): void {
    this.text = text;
    if (typeof data.done === 'number' && Number.isFinite(data.done)) this.done = data.done;
    if (typeof data.total === 'number' && Number.isFinite(data.total)) this.total = data.total;
    this.samples.push({ atMs: nowMs, done: this.done });
    while (this.samples.length > 2 && nowMs - this.samples[1]!.atMs >= RATE_WINDOW_MS) this.samples.shift();
  }

  view(nowMs: number, finished: boolean): ProgressView {
    const ratePerS = this.rate(nowMs);
    const left = this.total === undefined ? undefined : Math.max(0, this.total - this.done);
    return {
      stage: this.stage,
      text: this.text,
      done: this.done,
      total: this.total,
      ratePerS,
      elapsedMs: nowMs - this.startedAtMs,
      etaMs:
        left === undefined || ratePerS === undefined || ratePerS <= 0 ? undefined : (1000 * left) / ratePerS,
      finished,
    };
  }

  private rate(nowMs: number): number | undefined {
    const first = this.samples[0]!;
    const spanMs = nowMs - first.atMs;
    if (spanMs < MIN_RATE_SPAN_MS || this.done === 0) return undefined;
    return (1000 * (this.done - first.done)) / spanMs;
  }
}
