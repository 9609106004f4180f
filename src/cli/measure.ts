import { measureRecords } from '../app/measure.js';
import {
  getMeasurement,
  listMeasurements,
  measurementSummary as summaryService,
} from '../app/measurements.js';
import { stringifyWire } from '../app/wire-json.js';
import { InputError } from '../errors.js';
import { listStoredMeasurements, measurementSummary, showMeasurement } from '../measure/index.js';
import { measurementDetail, measurementsTable, summaryText } from '../measure/measurement-text.js';
import { allPages } from './all-pages.js';
import type { CliCommand } from './command.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { abortOnSignals } from './signals.js';
import { withServices, withStore } from './with-store.js';

interface CommonInput {
  readonly cluster?: string;
  readonly format: OutputFormat;
}

function clusterField(input: CommonInput) {
  return input.cluster === undefined ? {} : { cluster: input.cluster };
}

function cluster(input: CommonInput) {
  return input.cluster === undefined ? {} : { clusterName: input.cluster };
}

function positiveDays(text: string): number {
  const days = Number(text);
  if (!Number.isFinite(days) || days <= 0)
    throw new InputError(`--days ${text} is not a positive number`, {
      code: 'MEASURE_DAYS',
      hint: 'e.g. --days 30',
    });
  return days;
}

export const measureCommand: CliCommand = {
  name: 'measure',
  register(program, context) {
    const parent = program
      .command('measure')
      .description(
        'measure what each applied or detected change did to the queries it affects (before vs after)',
      );
    parent
      .command('run', { isDefault: true })
      .description('measure every recorded change on the runs collected so far, store and list the results')
      .option('--cluster <name>', 'the cluster (default: the only one)')
      .addOption(formatOption())
      .action(async (input: CommonInput) => {
        const stop = abortOnSignals();
        try {
          const ms = await withStore(context, { command: 'measure run' }, (store) =>
            measureRecords(
              { store, config: context.config(), logger: context.logger(), signal: stop.signal },
              input.cluster === undefined ? {} : { cluster: input.cluster },
            ),
          );
          context.print(input.format === 'json' ? stringifyWire(ms, 2) : measurementsTable(ms));
        } finally {
          stop.dispose();
        }
      });
    parent
      .command('list')
      .description('stored measurements, newest change first')
      .option('--cluster <name>', 'the cluster (default: the only one)')
      .addOption(formatOption())
      .action(async (input: CommonInput) => {
        if (input.format === 'json') {
          // The JSON form is the service's, item for item what `GET /api/v1/measurements` pages.
          const items = await withServices(context, { command: 'measure list' }, (deps) =>
            allPages(listMeasurements, deps, clusterField(input)),
          );
          context.print(stringifyWire(items, 2));
          return;
        }
        const ms = await withStore(context, { command: 'measure list' }, (store) =>
          listStoredMeasurements(store, cluster(input)),
        );
        context.print(measurementsTable(ms));
      });
    parent
      .command('show <id>')
      .description('one measurement, by its id or the id of the recommendation it measures')
      .option('--cluster <name>', 'the cluster (default: the only one)')
      .addOption(formatOption())
      .action(async (id: string, input: CommonInput) => {
        if (input.format === 'json') {
          const m = await withServices(context, { command: 'measure show' }, (deps) =>
            getMeasurement(deps, { ...clusterField(input), id }),
          );
          context.print(stringifyWire(m, 2));
          return;
        }
        const m = await withStore(context, { command: 'measure show' }, (store) =>
          showMeasurement(store, { ...cluster(input), id }),
        );
        context.print(measurementDetail(m));
      });
    parent
      .command('summary')
      .description(
        'totals over the changes of the last N days: verdicts, improvement, time saved, estimate accuracy',
      )
      .option('--days <n>', 'days of data to cover', positiveDays, 30)
      .option('--cluster <name>', 'the cluster (default: the only one)')
      .addOption(formatOption())
      .action(async (input: CommonInput & { days: number }) => {
        if (input.format === 'json') {
          const s = await withServices(context, { command: 'measure summary' }, (deps) =>
            summaryService(deps, { ...clusterField(input), days: input.days }),
          );
          context.print(stringifyWire(s, 2));
          return;
        }
        const s = await withStore(context, { command: 'measure summary' }, (store) =>
          measurementSummary(store, { ...cluster(input), days: input.days }),
        );
        context.print(summaryText(s));
      });
  },
};
