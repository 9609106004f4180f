import { Option } from 'commander';
import type { AnalysisReport } from '../analysis/analysis-report.js';
import { prepareDetectors } from '../analysis/analysis-service.js';
import { deliverBeforeExit } from '../app/alerts.js';
import { type AnalysisWithReflectionSet, type AnalyzeInput, analyzeReport } from '../app/analyze.js';
import { DETECTOR_IDS, type DetectorId } from '../domain/detector-id.js';
import { SEVERITIES, type Severity, severityRank } from '../domain/severity.js';
import { ANALYSIS_FORMATS, ANALYSIS_FORMATTERS, type AnalysisFormat } from '../format/analysis-formats.js';
import { describeNotWorthIt, describeReflectionsLeftOut } from '../format/reflections-left-out.js';
import { formatCount, formatTime } from '../web/format.js';
import { useColour } from './colour.js';
import type { CliCommand } from './command.js';
import { EXIT } from './exit-codes.js';
import { abortOnSignals } from './signals.js';
import { terminalWidth } from './terminal-width.js';
import { parseSince, type SinceArgument } from './time-argument.js';
import { withStore } from './with-store.js';

/** What commander hands the action: option values as declared below. */
export interface AnalyzeCliInput {
  readonly since?: SinceArgument;
  readonly cluster?: string;
  readonly detector?: readonly DetectorId[];
  readonly format: AnalysisFormat;
  readonly failOn?: Severity;
  readonly dryRun: boolean;
  readonly budgetGb?: string;
  readonly budgetRefreshMinPerDay?: string;
}

export interface AnalyzePlan {
  readonly service: AnalyzeInput;
  readonly format: AnalysisFormat;
  readonly failOn: Severity | undefined;
}

/** The pure step between parsing and the handler: command-line values → service options. */
export function planAnalyze(input: AnalyzeCliInput): AnalyzePlan {
  const since = input.since;
  return {
    service: {
      ...(input.cluster === undefined ? {} : { cluster: input.cluster }),
      ...(since?.kind === 'at' ? { since: since.at.toISOString() } : {}),
      ...(since?.kind === 'span' ? { windowDays: since.days } : {}),
      ...(input.detector === undefined ? {} : { detectors: [...new Set(input.detector)] }),
      dryRun: input.dryRun,
      // As typed: the service reads the number, and names the field when it is not one.
      ...(input.budgetGb === undefined ? {} : { budgetGb: input.budgetGb }),
      ...(input.budgetRefreshMinPerDay === undefined
        ? {}
        : { budgetRefreshMinPerDay: input.budgetRefreshMinPerDay }),
    },
    format: input.format,
    failOn: input.failOn,
  };
}

/** Exit 1 when a finding reaches `--fail-on`, so CI can gate on the workload's health. */
export function exitCodeFor(report: AnalysisReport, failOn: Severity | undefined): number {
  if (failOn === undefined) return EXIT.ok;
  const bar = severityRank(failOn);
  return report.findings.some((f) => severityRank(f.severity) >= bar) ? EXIT.findings : EXIT.ok;
}

/**
 * The hint when the default window (30 days ending at the newest job) left older stored jobs out, as
 * after importing old files: how many, and the `--since` that takes them in. Undefined when none were.
 */
export function describeJobsBeforeWindow(
  report: Pick<AnalysisWithReflectionSet, 'beforeDefaultWindow' | 'window'>,
): string | undefined {
  const before = report.beforeDefaultWindow;
  if (before === undefined) return undefined;
  const jobs = before.count === 1 ? '1 stored job' : `${formatCount(before.count)} stored jobs`;
  return (
    `hint: ${jobs} before ${formatTime(report.window.from.toISOString())} ${before.count === 1 ? 'is' : 'are'} ` +
    `outside the default window (30 days ending at the newest job); ` +
    `use --since ${before.oldestAt.toISOString().slice(0, 10)} to include ${before.count === 1 ? 'it' : 'them'}`
  );
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  register(program, context, setExitCode) {
    program
      .command('analyze')
      .description('find what makes the stored workload slow: every detector over a window of jobs')
      .option(
        '--since <when>',
        'start of the window: a date, a time, or a span back from the newest job such as 7d (default 30d)',
        parseSince,
      )
      .option('--cluster <name>', 'the cluster to analyse (needed when the store holds several)')
      .addOption(
        new Option('--detector <id...>', 'run only these detectors (repeatable)').choices(DETECTOR_IDS),
      )
      .addOption(new Option('--format <format>', 'output format').choices(ANALYSIS_FORMATS).default('table'))
      .addOption(
        new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists').choices(
          SEVERITIES,
        ),
      )
      .option('--dry-run', 'analyse and print, but store no findings or baselines', false)
      .option('--budget-gb <n>', "storage the workload's new reflections may take, in GB (default unlimited)")
      .option(
        '--budget-refresh-min-per-day <n>',
        "refresh time the workload's new reflections may take, in minutes a day (default unlimited)",
      )
      .action(async (options: AnalyzeCliInput) => {
        const plan = planAnalyze(options);
        const config = context.config();
        // A bad threshold override fails before the store is opened.
        prepareDetectors({
          ...(plan.service.detectors === undefined ? {} : { detectorIds: plan.service.detectors }),
          detectorOverrides: config.detectors,
        });
        const stop = abortOnSignals();
        const report = await withStore(context, { command: 'analyze' }, async (store) => {
          const deps = { store, config, logger: context.logger(), signal: stop.signal };
          const analysed = await analyzeReport(deps, plan.service);
          await deliverBeforeExit(deps);
          return analysed;
        }).finally(() => stop.dispose());
        const render = ANALYSIS_FORMATTERS[plan.format];
        context.print(
          render(report, {
            widthColumns: terminalWidth(context.io),
            toolVersion: program.version() ?? 'unknown',
            colour: useColour(context.io),
          }),
        );
        // The machine formats stay one document; the table tells what the reflection set left out.
        if (plan.format === 'table') {
          const leftOut = describeReflectionsLeftOut(report.reflectionsLeftOut, terminalWidth(context.io));
          if (leftOut.length > 0) context.print(leftOut.join('\n'));
          const notWorthIt = describeNotWorthIt(report.notWorthIt, terminalWidth(context.io));
          if (notWorthIt.length > 0) context.print(notWorthIt.join('\n'));
        }
        // On stderr in every format: the documents on stdout stay as their contracts say.
        const outside = describeJobsBeforeWindow(report);
        if (outside !== undefined) context.io.stderr.write(`${outside}\n`);
        setExitCode(exitCodeFor(report, plan.failOn));
      });
  },
};
