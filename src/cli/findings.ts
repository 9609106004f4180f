import type { Command } from 'commander';
import type { z } from 'zod';
import { type findingDetailOutput, type findingOutput, getFinding, listFindings } from '../app/findings.js';
import { stringifyWire } from '../app/wire-json.js';
import { DETECTOR_IDS } from '../domain/detector-id.js';
import type { FindingSubject } from '../domain/finding.js';
import { SEVERITIES } from '../domain/severity.js';
import { formatCount, formatDuration, formatPercent } from '../domain/units.js';
import { paintSeverity } from '../format/ansi.js';
import { evidenceLines } from '../format/finding-evidence.js';
import { describeSubject } from '../format/finding-text.js';
import { renderTextTable, wrapText } from '../format/text-table.js';
import { formatTime } from '../web/format.js';
import { useColour } from './colour.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { terminalWidth } from './terminal-width.js';
import { withServices } from './with-store.js';

type FindingRow = z.input<typeof findingOutput>;
type FindingDetail = z.input<typeof findingDetailOutput>;

/** How the text views lay out: the terminal's width, and whether severities are coloured. */
export interface FindingTextLayout {
  readonly width: number;
  readonly colour?: boolean;
}

function perDay(ms: number | null): string {
  return ms === null ? '—' : `${formatDuration(ms)}/day`;
}

interface ListFlags {
  readonly cluster?: string;
  readonly detector?: string;
  readonly severity?: string;
  readonly status?: string;
  readonly subject?: string;
  readonly limit: string;
  readonly format: OutputFormat;
}

/**
 * The table of `findings list`: the id to `show` or `waive` first, then the title and subject in full,
 * wrapped (never cut) in the width the other columns leave.
 */
export function renderFindingList(items: readonly FindingRow[], layout: FindingTextLayout): string {
  if (items.length === 0) return 'No findings match.';
  return renderTextTable(
    [
      { header: 'SEVERITY' },
      { header: 'DETECTOR' },
      { header: 'AT STAKE', align: 'right' },
      { header: 'JOBS', align: 'right' },
      { header: 'STATUS' },
      { header: 'ID, FINDING AND SUBJECT', wrap: true },
    ],
    items.map((f) => [
      paintSeverity(f.severity, f.severity, layout.colour ?? false),
      f.detector,
      perDay(f.impactMsPerDay),
      formatCount(f.jobCount),
      f.status,
      `${f.id} ${f.title} — ${describeSubject(f.subject as FindingSubject, Number.MAX_SAFE_INTEGER)}`,
    ]),
    layout.width,
  );
}

/**
 * `findings show`: every field of the finding, its evidence with humanised values (exact in
 * `--format json`), its jobs and recommendations.
 */
export function renderFindingDetail(f: FindingDetail, layout: FindingTextLayout): string {
  // The subject and the job list wrap to the terminal under their label: nothing is cut.
  const hang = (label: string, text: string) =>
    wrapText(text, Math.max(20, layout.width - label.length)).map((line, i) =>
      i === 0 ? `${label}${line}` : `${' '.repeat(label.length)}${line}`,
    );
  const jobs = `${f.jobIds.slice(0, 20).join(', ')}${f.jobIds.length > 20 ? `, … ${formatCount(f.jobIds.length - 20)} more (--format json lists all)` : ''}`;
  const lines = [
    `${f.title}`,
    '',
    `  id           ${f.id}`,
    `  cluster      ${f.cluster}`,
    `  detector     ${f.detector}, severity ${paintSeverity(f.severity, f.severity, layout.colour ?? false)}, confidence ${formatPercent(f.confidence)}`,
    `  status       ${f.status}${f.waiver === null ? '' : ` (waiver ${f.waiver.id}: ${f.waiver.reason}${f.waiver.until === null ? '' : `, until ${formatTime(f.waiver.until)}`})`}`,
    `  at stake     ${perDay(f.impactMsPerDay)} over ${formatCount(f.jobCount)} job(s)`,
    `  seen         ${formatTime(f.firstSeenAt)} to ${formatTime(f.lastSeenAt)}, in ${formatCount(f.occurrences)} analysis(es)${f.resolvedAt === null ? '' : `; resolved ${formatTime(f.resolvedAt)}`}`,
    ...hang('  subject      ', describeSubject(f.subject as FindingSubject, Number.MAX_SAFE_INTEGER)),
    '',
    'Evidence (exact values: --format json):',
    ...evidenceLines(f.evidence as Record<string, unknown>),
    '',
    ...hang(`Jobs (${formatCount(f.jobIds.length)}): `, jobs),
  ];
  lines.push('', f.recommendations.length === 0 ? 'No recommendation on it.' : 'Recommendations:');
  if (f.recommendations.length > 0)
    lines.push(
      renderTextTable(
        [
          { header: 'ID' },
          { header: 'STATUS' },
          { header: 'NET', align: 'right' },
          { header: 'RECOMMENDATION', wrap: true },
        ],
        f.recommendations.map((r) => [
          r.id,
          r.status,
          perDay(r.netBenefitMsPerDay),
          `${r.title} (${r.kind})`,
        ]),
        layout.width,
      ),
    );
  lines.push('', `Explain it: dremio-optimizer explain ${f.id} · waive it: dremio-optimizer waive ${f.id}`);
  return lines.join('\n');
}

function registerList(parent: Command, context: CliContext): void {
  parent
    .command('list')
    .description('stored findings, the largest time at stake first')
    .option('--cluster <name>', 'only this cluster')
    .option('--detector <id>', `only this detector: ${DETECTOR_IDS.join(', ')}`)
    .option('--severity <level>', `only this severity: ${SEVERITIES.join(', ')}`)
    .option('--status <status>', 'open, resolved or waived (default: all)')
    .option('--subject <text>', 'only findings whose subject or title contains this')
    .option('--limit <n>', 'most findings shown', '50')
    .addOption(formatOption())
    .action(async (flags: ListFlags) => {
      const page = await withServices(context, { command: 'findings list' }, (deps) =>
        listFindings(deps, {
          limit: flags.limit,
          ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
          ...(flags.detector === undefined ? {} : { detector: flags.detector }),
          ...(flags.severity === undefined ? {} : { severity: flags.severity }),
          ...(flags.status === undefined ? {} : { status: flags.status }),
          ...(flags.subject === undefined ? {} : { subject: flags.subject }),
        } as Parameters<typeof listFindings>[1]),
      );
      if (flags.format === 'json') return context.print(stringifyWire(page, 2));
      const more =
        page.nextCursor === null ? '' : `\n(more: raise --limit, or use --format json and its cursor)`;
      context.print(
        `${renderFindingList(page.items, { width: terminalWidth(context.io), colour: useColour(context.io) })}${more}`,
      );
    });
}

function registerShow(parent: Command, context: CliContext): void {
  parent
    .command('show')
    .description('one finding in full: evidence as stored, jobs, recommendations')
    .argument('<id>', 'finding id (from `findings list` or the analysis report)')
    .option('--cluster <name>', 'the cluster, when the id is stored for several')
    .addOption(formatOption())
    .action(async (id: string, flags: { cluster?: string; format: OutputFormat }) => {
      const finding = await withServices(context, { command: 'findings show' }, (deps) =>
        getFinding(deps, { id, ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }) }),
      );
      context.print(
        flags.format === 'json'
          ? stringifyWire(finding, 2)
          : renderFindingDetail(finding, { width: terminalWidth(context.io), colour: useColour(context.io) }),
      );
    });
}

export const findingsCommand: CliCommand = {
  name: 'findings',
  register(program, context) {
    const parent = program
      .command('findings')
      .description('the stored findings: list them, show one in full');
    registerList(parent, context);
    registerShow(parent, context);
  },
};
