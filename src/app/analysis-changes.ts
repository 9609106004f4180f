import { z } from 'zod';
import { analysisTimes } from '../store/analysis-times-queries.js';
import { type FindingInScope, findingChangesInScope, findingItem, findingOutput } from './findings.js';
import { clusterField, clustersInScope, iso } from './read-scope.js';
import { defineService } from './service.js';

export const clusterChangesOutput = z.object({
  cluster: z.string(),
  latestAnalysisAt: z.string().nullable().describe('The newest analysis of the cluster; null before any'),
  previousAnalysisAt: z
    .string()
    .nullable()
    .describe('The analysis before it that left a trace on the findings; null when there is none'),
  counts: z.object({
    new: z.number().int().describe('Findings first seen in the latest analysis'),
    resolved: z.number().int().describe('Findings the latest analysis resolved'),
    regressed: z.number().int().describe('New findings of the regression detector'),
  }),
  new: z.array(findingOutput).describe('The largest time at stake first, at most limit'),
  resolved: z.array(findingOutput),
  regressed: z.array(findingOutput),
});

export const analysisChanges = defineService({
  name: 'analysis.changes',
  summary: 'What the latest analysis of each cluster found new, resolved and regressed since the one before',
  input: z.object({
    cluster: clusterField,
    limit: z.coerce.number().int().min(1).max(100).default(5).describe('Findings listed of each kind'),
  }),
  output: z.object({ items: z.array(clusterChangesOutput) }),
  async run(deps, options) {
    const clusters = await clustersInScope(deps, options.cluster);
    const items: z.input<typeof clusterChangesOutput>[] = [];
    for (const cluster of clusters) {
      const [latest, previous] = await analysisTimes(deps.store.db, cluster.id, 2);
      const own = latest === undefined ? [] : await findingChangesInScope(deps, cluster, latest);
      const at = latest?.getTime();
      const added = own.filter((f) => f.finding.firstSeenAt.getTime() === at);
      const resolved = own.filter((f) => f.status === 'resolved' && f.finding.resolvedAt?.getTime() === at);
      const regressed = added.filter((f) => f.finding.detector === 'regression');
      const top = (list: readonly FindingInScope<(typeof own)[number]['finding']>[]) =>
        [...list]
          .sort(
            (a, b) =>
              b.finding.impactMsPerDay - a.finding.impactMsPerDay || a.finding.id.localeCompare(b.finding.id),
          )
          .slice(0, options.limit)
          .map(findingItem);
      items.push({
        cluster: cluster.name,
        latestAnalysisAt: iso(latest),
        previousAnalysisAt: iso(previous),
        counts: { new: added.length, resolved: resolved.length, regressed: regressed.length },
        new: top(added),
        resolved: top(resolved),
        regressed: top(regressed),
      });
    }
    return { items };
  },
});
