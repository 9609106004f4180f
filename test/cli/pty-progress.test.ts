import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ptyAvailable, runInPty, screenLines } from '../support/pty.js';

const STAGE_LINE = /^(store|simulator|history|profiles|reflections|datasets|changes|analyze|measure)\s/;
const PROFILES_BAR = /^profiles\s+[█░]+\s+(\d+)\/(\d+)\s/;
const PROFILES_FINISHED = /^profiles\s+█+\s+(\d+)\/\1\s.*\bin \d+:\d\d/m;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!ptyAvailable())('progress in a terminal', () => {
  for (const columns of [80, 160]) {
    it(`draws a bar per stage that updates in place and fits ${columns} columns`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pty-progress-'));
      dirs.push(dir);
      // The simulator's profiles come a few at a time: many redraws of one bar. Once that stage has
      // left its finished line, Ctrl-C ends the demo; the later stages add nothing to what is checked.
      const run = await runInPty(['demo', '--jobs', '60', '--data-dir', join(dir, 'demo')], {
        columns,
        cwd: dir,
        env: { HOME: dir },
        until: (output) => PROFILES_FINISHED.test(screenLines(output).join('\n')),
      });
      const lines = screenLines(run.output);
      expect(run.interrupted, run.output).toBe(true);

      // history has no total: a spinner and a count, then its finished line stays above the next bar.
      expect(lines.some((l) => /^history\s+✔\s+60\s.*\bin \d+:\d\d/.test(l))).toBe(true);
      const bars = lines.flatMap((l) => {
        const m = PROFILES_BAR.exec(l);
        return m === null ? [] : [{ done: Number(m[1]), total: Number(m[2]), line: l }];
      });
      const counts = [...new Set(bars.map((b) => b.done))];
      expect(counts.length, lines.join('\n')).toBeGreaterThanOrEqual(2);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(
        bars.some((b) => b.done > 0 && b.done < b.total && /\d+(\.\d)?\/s\s+ETA \d+:\d\d/.test(b.line)),
      ).toBe(true);

      const stageLines = lines.filter((l) => STAGE_LINE.test(l));
      // Something shows from the start: opening the store is the first of the demo's slow steps.
      expect(stageLines[0]).toMatch(/^store\s+⠋/);
      expect(stageLines.length).toBeGreaterThan(counts.length);
      for (const line of stageLines) expect([...line].length, line).toBeLessThanOrEqual(columns);
    }, 150_000);
  }
});
