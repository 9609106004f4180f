import { profileFindingsStep } from '../src/analysis/profile-findings.js';
import { parseLosslessJson } from '../src/json/lossless-json.js';
import { summarizeProfile } from '../src/profile/summarize.js';
import type { BenchContext } from './bench-context.js';
import { type BenchRow, makeRow } from './bench-row.js';
import { profileInputs } from './profile-inputs.js';
import { bestOfAlternatingMs } from './timing.js';

// Enough repetitions that one pass lasts about this long, so timer noise stays small.
const PASS_TARGET_BYTES = 20_000_000;

/**
 * Profile analysis as `analyze-profile` does it (lossless parse, summary, every job-scope detector)
 * against plain `JSON.parse` of the same text, in MB/s (10^6 bytes of UTF-8).
 */
export async function benchProfileAnalysis(ctx: BenchContext): Promise<BenchRow[]> {
  const findings = await profileFindingsStep({ overrides: {} });
  const rows: BenchRow[] = [];
  for (const input of profileInputs()) {
    const repeat = Math.max(
      1,
      Math.round((ctx.quick ? PASS_TARGET_BYTES / 4 : PASS_TARGET_BYTES) / input.bytes),
    );
    const passes = ctx.quick ? 2 : 3;
    let found = 0;
    const { oursMs, referenceMs: floorMs } = bestOfAlternatingMs({
      ours: () => {
        for (let r = 0; r < repeat; r++) {
          for (const text of input.texts) found += findings(summarizeProfile(parseLosslessJson(text))).length;
        }
      },
      reference: () => {
        for (let r = 0; r < repeat; r++) for (const text of input.texts) JSON.parse(text);
      },
      passes,
    });
    const mb = (input.bytes * repeat) / 1e6;
    ctx.log(`profile-analysis: ${input.label}: ${found} findings over all passes`);
    rows.push(
      makeRow({
        name: 'profile-analysis',
        input: input.label,
        ours: mb / (oursMs / 1000),
        reference: mb / (floorMs / 1000),
        referenceName: 'JSON.parse',
        unit: 'MB/s',
        goal: { value: 0.5, on: 'ratio', direction: 'higher' },
        details: { bytes: input.bytes, repeat, oursMs: Math.round(oursMs), referenceMs: Math.round(floorMs) },
      }),
    );
  }
  return rows;
}
