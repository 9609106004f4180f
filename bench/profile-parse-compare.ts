/**
 * `npx tsx bench/profile-parse-compare.ts`: the lossless parse against its reference (the first
 * implementation) and `JSON.parse`, alone and followed by the summary and detectors as the
 * profile-analysis row runs them. All in one process, alternating, best of 7 passes, so machine load
 * moves both sides alike; docs/performance.md quotes it.
 */
import { profileFindingsStep } from '../src/analysis/profile-findings.js';
import { parseLosslessJson } from '../src/json/lossless-json.js';
import { parseLosslessJsonReference } from '../src/json/lossless-json-reference.js';
import { summarizeProfile } from '../src/profile/summarize.js';
import { profileInputs } from './profile-inputs.js';

const PASSES = 7;
const BYTES_PER_PASS = 5_000_000;

const findings = await profileFindingsStep({ overrides: {} });

function bestMs(fn: () => void, times: number[], repeat: number): void {
  const start = performance.now();
  for (let i = 0; i < repeat; i++) fn();
  times.push((performance.now() - start) / repeat);
}

for (const input of profileInputs()) {
  const repeat = Math.max(1, Math.round(BYTES_PER_PASS / input.bytes));
  const each = (parse: (text: string) => unknown, analyse: boolean) => () => {
    for (const text of input.texts) {
      const raw = parse(text);
      if (analyse) findings(summarizeProfile(raw));
    }
  };
  const runs = {
    native: each(JSON.parse, false),
    parseOld: each(parseLosslessJsonReference, false),
    parseNew: each(parseLosslessJson, false),
    analysisOld: each(parseLosslessJsonReference, true),
    analysisNew: each(parseLosslessJson, true),
  };
  const times = Object.fromEntries(Object.keys(runs).map((k) => [k, [] as number[]]));
  for (let pass = 0; pass < PASSES; pass++) {
    for (const [name, fn] of Object.entries(runs)) bestMs(fn, times[name]!, repeat);
  }
  const best = (name: string) => Math.min(...times[name]!);
  const x = (n: number) => `${n.toFixed(2)}×`;
  console.log(
    `${input.label}: JSON.parse ${best('native').toFixed(2)} ms; ` +
      `lossless parse / JSON.parse time ${x(best('parseOld') / best('native'))} → ${x(best('parseNew') / best('native'))}; ` +
      `profile-analysis ratio ${x(best('native') / best('analysisOld'))} → ${x(best('native') / best('analysisNew'))}`,
  );
}
