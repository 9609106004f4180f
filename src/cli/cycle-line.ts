import type { PipelineOutput } from '../app/pipeline.js';
import type { CycleEvent } from '../schedule/index.js';

/**
 * The line `run` and `serve --schedule` print per scheduled cycle, e.g.
 * `2026-01-05T10:00:00.000Z dremio:9047 cycle 3: 12 new jobs, …`. Undefined for a failed cycle (the
 * logger reports it) and for one stopped early (it did not finish; a second signal asked for that).
 */
export function cycleLine(event: CycleEvent): string | undefined {
  if (event.kind === 'failed') return undefined;
  const head = `${event.at.toISOString()} ${event.cluster} cycle ${event.index + 1}`;
  if (event.kind === 'skipped')
    return `${head}: skipped, another process runs this cluster's cycle${event.holder === undefined ? '' : ` (${event.holder})`}`;
  if (event.output.stoppedEarly) return undefined;
  return `${head}: ${pipelineSummary(event.output)}`;
}

function pipelineSummary(o: PipelineOutput): string {
  const c = o.collect;
  const serious = o.analysis === null ? 0 : o.analysis.bySeverity.high + o.analysis.bySeverity.critical;
  return `${c.history?.inserted ?? 0} new jobs, ${c.profiles?.fetched ?? 0} profiles (${c.status}); ${o.analysis?.findings ?? 0} findings, ${serious} high or critical; ${o.recommendations?.count ?? 0} recommendations; ${o.measure?.measured ?? 0} changes measured, ${o.measure?.verified ?? 0} verified, ${o.measure?.regressed ?? 0} regressed`;
}
