import { readFileSync } from 'node:fs';
import { gunzipSync, strFromU8, unzipSync } from 'fflate';

/** The real Dremio files, copied into the repository (see test/fixtures/real/README.md). */
export const REAL_FIXTURES = new URL('../test/fixtures/real/', import.meta.url);

// The "bad" fixtures hold malformed lines on purpose; they are skipped, not fatal.
function lines(text: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null) out.push(value as Record<string, unknown>);
    } catch {
      // not a JSON line
    }
  }
  return out;
}

/** Every query text in the real fixtures: queries.json logs, profiles, the support ZIP, sys.jobs_recent. */
export function realQueries(): string[] {
  const read = (p: string) => readFileSync(new URL(p, REAL_FIXTURES));
  const out: unknown[] = lines(read('dqd/queries.json').toString('utf8')).map((r) => r.queryText);
  for (const gz of Object.values(unzipSync(read('dqd/big-queries.json.zip')))) {
    out.push(...lines(strFromU8(gunzipSync(gz))).map((r) => r.queryText));
  }
  for (const name of ['profile1.json', 'profile2.json', 'profileWithEmptyClientInfo.json']) {
    out.push((JSON.parse(read(`dqd/${name}`).toString('utf8')) as Record<string, unknown>).query);
  }
  const bundle = unzipSync(read('dqd/testprofile.zip'));
  out.push((JSON.parse(strFromU8(bundle['profile_attempt_0.json']!)) as Record<string, unknown>).query);
  for (const name of ['ddc/sys.jobs_recent.json', 'ddc/bad_sys.jobs_recent.json']) {
    const jobs = JSON.parse(read(name).toString('utf8')) as { rows?: Array<Record<string, unknown>> };
    out.push(...(jobs.rows ?? []).map((r) => r.query));
  }
  for (const name of ['ddc/queries.json', 'ddc/bad_queries.json']) {
    out.push(...lines(read(name).toString('utf8')).map((r) => r.queryText));
  }
  return out.filter((q): q is string => typeof q === 'string' && q.trim() !== '');
}
