import { PALETTE } from '../components/chart.js';
import { formatMs, formatPct } from '../format.js';
import { PHASES, type Phases } from './job-phase-list.js';

/**
 * Where the job's time went, as one horizontal bar of its phases (like the profile viewer's state
 * timeline) and, for screen readers and exact reading, the same numbers in a table.
 */
export function PhaseTimeline({ phases }: { phases: Phases }) {
  const known = PHASES.map((p, i) => ({ ...p, ms: phases[p.key], colour: PALETTE[i % PALETTE.length]! }));
  const total = known.reduce((sum, p) => sum + (p.ms ?? 0), 0);
  if (known.every((p) => p.ms === null))
    return <p class="empty">The store has no phase times for this job (its source did not report them).</p>;
  const summary = known
    .filter((p) => (p.ms ?? 0) > 0)
    .map((p) => `${p.label} ${formatMs(p.ms)}`)
    .join(', ');
  return (
    <>
      <div class="timeline" role="img" aria-label={`Phase timeline, ${formatMs(total)} in all: ${summary}`}>
        {known
          .filter((p) => (p.ms ?? 0) > 0 && total > 0)
          .map((p) => (
            <span
              key={p.key}
              title={`${p.label}: ${formatMs(p.ms)}`}
              style={{ width: `${((p.ms ?? 0) / total) * 100}%`, background: p.colour }}
            />
          ))}
      </div>
      <div class="table-wrap">
        <table class="phase-table">
          <caption class="visually-hidden">Time in each phase</caption>
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col" class="num">
                Time
              </th>
              <th scope="col" class="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {known.map((p) => (
              <tr key={p.key} data-phase={p.key}>
                <td>
                  <span class="swatch" style={{ background: p.colour }} aria-hidden="true" />
                  {p.label}
                </td>
                <td class="num">{formatMs(p.ms)}</td>
                <td class="num">{p.ms === null || total === 0 ? '—' : formatPct((p.ms / total) * 100)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All phases</th>
              <td class="num">{formatMs(total)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
