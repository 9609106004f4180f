import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readThresholdsBlock, thresholdsBlock, updateDetectorDocs } from '../../scripts/detector-docs.js';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { ascending } from '../../src/analysis/ladder.js';
import { DETECTOR_IDS } from '../../src/domain/detector-id.js';
import { renderThresholdsTable } from '../../src/format/thresholds-table.js';
import { slowJobDetector } from './fake-detectors.js';

const doc = readFileSync(new URL('../../docs/detectors.md', import.meta.url), 'utf8');

describe('docs/detectors.md thresholds tables', () => {
  it.each(DETECTOR_IDS)(
    '%s: the generated block matches the registry (run `npx tsx scripts/update-detector-docs.ts`)',
    (id) => {
      expect(readThresholdsBlock(doc, id)).toBe(thresholdsBlock(DETECTORS[id]));
    },
  );

  it('renders every key as the config file spells it, ladders with their rungs', () => {
    expect(renderThresholdsTable(slowJobDetector).split('\n')).toEqual([
      '| `detectors.planning-time.`… | default |',
      '|---|---|',
      '| `durationMs` | ascending: low 1000 (1 s), medium 5000 (5 s), high 20000 (20 s), critical 60000 (1 min) |',
      '| `stake.timeShare` | ascending: low 0.05, medium 0.15, high 0.3, critical 0.5 |',
      '| `stake.impactMsPerDay` | ascending: low 10000 (10 s/day), medium 60000 (1 min/day), high 600000 (10 min/day), critical 3600000 (1 h/day) |',
      '| `stake.minImpactMsPerDay` | 5000 (5 s/day) |',
    ]);
  });

  it('notices a changed default', () => {
    const changed = {
      ...slowJobDetector,
      defaults: { ...slowJobDetector.defaults, durationMs: ascending(1, 2, 3, 4) },
    };
    expect(thresholdsBlock(changed)).not.toBe(thresholdsBlock(slowJobDetector));
  });

  it('inserts a missing block before the section’s time-at-stake paragraph, then only replaces it', () => {
    const text = [
      '## Job-level detectors',
      '',
      '### planning-time',
      '',
      '**Thresholds.** hand-written',
      '',
      '**Time at stake.** the planning time',
      '',
      '### spill',
      '',
      'Spill text.',
      '',
    ].join('\n');
    const once = updateDetectorDocs(text, [slowJobDetector]);
    const block = thresholdsBlock(slowJobDetector);
    expect(once).toBe(text.replace('**Time at stake.**', `${block}\n\n**Time at stake.**`));
    expect(updateDetectorDocs(once, [slowJobDetector])).toBe(once);
    expect(() => updateDetectorDocs('# nothing', [slowJobDetector])).toThrow(
      /no "### planning-time" section/,
    );
  });
});
