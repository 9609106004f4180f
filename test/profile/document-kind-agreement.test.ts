import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProfileFiles } from '../../src/profile/analyze-profile-service.js';
import { parseDocument } from '../../src/sources/offline/parse-document.js';
import { realFixture } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'do-kinds-'));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const queriesLines = readFileSync(realFixture('dqd/queries.json'), 'utf8').split('\n');
const minifiedProfile = JSON.stringify(JSON.parse(readFileSync(realFixture('dqd/profile1.json'), 'utf8')));

// What import makes of a file, and what analyze-profile makes of it: they must tell the same story.
const cases = [
  { name: 'a real multi-line queries.json', file: realFixture('dqd/queries.json'), kind: 'queries-json' },
  {
    name: 'a one-line queries.json',
    file: write('queries.json', `${queriesLines[0]}\n`),
    kind: 'queries-json',
  },
  { name: 'a real profile on one line', file: write('profile.json', minifiedProfile), kind: 'profile' },
  {
    name: 'a one-line profile that also carries a queryId',
    file: write('odd.json', JSON.stringify({ ...JSON.parse(minifiedProfile), queryId: 'x' })),
    kind: 'profile',
  },
] as const;

describe('import and analyze-profile agree on what a JSON file is', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const bytes = readFileSync(c.file);
      expect(parseDocument({ ref: c.file, name: basename(c.file), bytes }).format).toBe(c.kind);
      const analyzed = await analyzeProfileFiles([c.file]);
      if (c.kind === 'profile') {
        expect(analyzed.errors).toEqual([]);
        expect(analyzed.profiles).toHaveLength(1);
      } else {
        expect(analyzed.errors).toMatchObject([
          { code: 'INPUT_PROFILE_QUERIES_LOG', hint: expect.stringMatching(/import command/) },
        ]);
        expect(analyzed.errors[0]?.message).toMatch(/is a queries\.json job log .*not a query profile/);
      }
    });
  }
});
