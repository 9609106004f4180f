import { z } from 'zod';
import { DETECTORS } from '../analysis/detectors/index.js';
import { resolveThresholds } from '../analysis/resolve-thresholds.js';
import { DETECTOR_IDS } from '../domain/detector-id.js';
import { pageInput, pageOf } from './page.js';
import { pageInMemory, wire } from './read-scope.js';
import { defineService } from './service.js';

export const detectorOutput = z.object({
  id: z.enum(DETECTOR_IDS),
  title: z.string(),
  summary: z.string().describe('The rule in words'),
  scope: z.enum(['job', 'workload']),
  needs: z.array(z.string()).describe('The data it reads'),
  thresholds: z.record(z.string(), z.unknown()).describe('Its thresholds after the configuration overrides'),
  overridden: z.boolean().describe('The configuration changes some of its thresholds'),
});

export const listDetectors = defineService({
  name: 'detectors.list',
  summary: 'Every detector with its rule and its thresholds as configured',
  input: z.object({ ...pageInput }),
  output: pageOf(detectorOutput),
  async run(deps, options) {
    const detectors = Object.values(DETECTORS);
    const overrides = deps.config.detectors;
    const thresholds = resolveThresholds({ detectors, overrides });
    const items = detectors.map((d) => ({
      id: d.id,
      title: d.title,
      summary: d.rule,
      scope: d.scope,
      needs: d.needs.map(String),
      thresholds: wire<Record<string, unknown>>(thresholds.get(d.id) ?? d.defaults),
      overridden: overrides[d.id] !== undefined,
    }));
    return pageInMemory(items, {
      keyOf: (d) => [d.id],
      order: ['asc'],
      limit: options.limit,
      cursor: options.cursor,
    });
  },
});
