/** Ten years, the longest duration any output may show: beyond it a value is garbage, not a slow query. */
export const MAX_DURATION_MS = 10 * 365.25 * 86_400_000;

const UNIT_MS: Readonly<Record<string, number>> = { µs: 1e-3, ms: 1, s: 1000, min: 60_000, h: 3_600_000 };
const DURATION = /(-?)(\d[\d,]*(?:\.\d+)?)\s?(µs|ms|s|min|h)\b/g;

/** What is wrong with printed text (table output, messages), or undefined when nothing is. */
export function textProblem(text: string): string | undefined {
  const bad = /\bNaN\b|Infinity/.exec(text);
  if (bad !== null) return `prints ${bad[0]}: …${around(text, bad.index)}…`;
  for (const m of text.matchAll(DURATION)) {
    const valueMs = Number(m[2]!.replaceAll(',', '')) * UNIT_MS[m[3]!]!;
    if (m[1] === '-') return `prints a negative duration: …${around(text, m.index)}…`;
    if (valueMs > MAX_DURATION_MS) return `prints an absurd duration: …${around(text, m.index)}…`;
  }
  return undefined;
}

/** Duration fields in JSON output, by name: `…Ms`, `…Millis`, `…Nanos` (not epochs, not rates). */
const DURATION_KEY = /(Ms|Millis|Nanos)$/;
const NOT_A_DURATION = /Epoch|At$|PerDay/;

/** What is wrong with a JSON document printed by the CLI, or undefined. */
export function jsonProblem(text: string): string | undefined {
  const textual = /\bNaN\b|Infinity/.exec(text);
  if (textual !== null) return `JSON holds ${textual[0]}: …${around(text, textual.index)}…`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `output is not JSON: ${(error as Error).message}`;
  }
  return walk(parsed, '$');
}

function walk(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const problem = walk(v, `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'number' && DURATION_KEY.test(key) && !NOT_A_DURATION.test(key)) {
      const ms = key.endsWith('Nanos') ? v / 1e6 : v;
      if (ms < 0) return `${path}.${key} is negative (${v})`;
      if (ms > MAX_DURATION_MS) return `${path}.${key} is absurd (${v})`;
    }
    const problem = walk(v, `${path}.${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function around(text: string, index: number): string {
  return text.slice(Math.max(0, index - 60), index + 40).replaceAll('\n', '⏎');
}
