import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderProfileSummaryTable } from '../format/profile-summary-table.js';
import { parseLosslessJson } from '../json/lossless-json.js';
import { summarizeProfile } from './summarize.js';

const PROFILE1 = readFileSync(new URL('../../test/fixtures/real/dqd/profile1.json', import.meta.url), 'utf8');

/** profile1.json with text edits, as a broken export would have them. */
function edited(edit: (text: string) => string) {
  return summarizeProfile(parseLosslessJson(edit(PROFILE1)));
}

describe('impossible numbers in a profile', () => {
  it('a start of 1e20 and an end of 1e400 give no duration, and say so', () => {
    const summary = edited((t) =>
      t.replace(/"start":\d+/, '"start":1e20').replace(/"end":\d+/, '"end":1e400'),
    );
    expect(summary.durationMs).toBe(0);
    const table = renderProfileSummaryTable(summary);
    expect(table).not.toMatch(/NaN|Infinity|-\d+(\.\d+)? ?(ms|s|min)\b/);
    expect(table).toContain('Duration 0 ms');
  });

  it('a counter overflowed to 2^63 is replaced by 0 and named in the warnings', () => {
    const summary = edited((t) => t.replace(/"processNanos":\d+/, '"processNanos":9223372036854775807'));
    expect(summary.totalProcessNanos).toBeLessThan(10 * 365.25 * 86_400_000 * 1e6);
    expect(summary.warnings.join('\n')).toMatch(/Impossible durations .* shown as 0: .*processNanos/);
    expect(renderProfileSummaryTable(summary)).not.toMatch(/\d{7,}(\.\d)? min/);
  });

  it('a queue or query text given as 1e400 is empty, not "Infinity"', () => {
    const summary = edited((t) =>
      t
        .replace(/"queueName":"[^"]*"/, '"queueName":1e400')
        .replace(/"query":"(?:[^"\\]|\\.)*"/, '"query":-1e400'),
    );
    expect(summary.queue?.queueName).toBe('');
    expect(summary.queryText).toBe('');
    expect(renderProfileSummaryTable(summary)).toContain('Queue ?');
  });
});
