import type { Command } from 'commander';
import { reflectionLedger } from '../app/reflections.js';
import { stringifyWire } from '../app/wire-json.js';
import { renderLedgerTable } from '../format/ledger-table.js';
import { LEDGER_VERDICTS, type LedgerVerdict } from '../recommend/reflection-ledger.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { withServices } from './with-store.js';

interface LedgerInput {
  readonly cluster?: string;
  readonly days?: string;
  readonly verdict?: string;
  readonly format: OutputFormat;
}

/** The pure step of `ledger`: the service's input from the flags (the service validates the values). */
export function ledgerOptions(input: LedgerInput): {
  cluster?: string;
  days?: string;
  verdict?: LedgerVerdict;
} {
  return {
    ...(input.cluster === undefined ? {} : { cluster: input.cluster }),
    ...(input.days === undefined ? {} : { days: input.days }),
    ...(input.verdict === undefined ? {} : { verdict: input.verdict as LedgerVerdict }),
  };
}

function registerLedger(parent: Command, context: CliContext): void {
  parent
    .command('ledger')
    .description("each reflection's refresh cost and storage against the time it saves: keep, review or drop")
    .option('--cluster <name>', 'the cluster (default: the only one)')
    .option('--days <n>', 'the window of jobs looked at, ending at the newest stored job (default 30)')
    .option('--verdict <verdict>', `only this verdict: ${LEDGER_VERDICTS.join(', ')}`)
    .addOption(formatOption())
    .action(async (input: LedgerInput) => {
      const ledger = await withServices(context, { command: 'reflections ledger' }, (deps) =>
        reflectionLedger(deps, ledgerOptions(input)),
      );
      context.print(input.format === 'json' ? stringifyWire(ledger, 2) : renderLedgerTable(ledger));
    });
}

export const reflectionsCommand: CliCommand = {
  name: 'reflections',
  register(program, context) {
    const parent = program
      .command('reflections')
      .description('the reflections of a cluster and what each is worth');
    registerLedger(parent, context);
  },
};
