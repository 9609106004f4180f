import { explain } from '../agent/explain.js';
import { renderExplanation } from '../agent/render-explanation.js';
import { getFinding } from '../app/findings.js';
import type { AppDeps } from '../app/service.js';
import { stringifyWire } from '../app/wire-json.js';
import { NotFoundError } from '../errors.js';
import type { CliCommand } from './command.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { withServices } from './with-store.js';

interface ExplainCliInput {
  readonly cluster?: string;
  readonly confirm?: boolean;
  readonly format: OutputFormat;
}

/** A finding id when a finding has it, else a job id: the two never look alike, so the store decides. */
export async function explainTarget(
  deps: AppDeps,
  id: string,
  cluster: string | undefined,
): Promise<{ findingId: string } | { jobId: string }> {
  try {
    await getFinding(deps, { id, ...(cluster === undefined ? {} : { cluster }) });
    return { findingId: id };
  } catch (error) {
    if (error instanceof NotFoundError && error.entity === 'finding') return { jobId: id };
    throw error;
  }
}

export const explainCommand: CliCommand = {
  name: 'explain',
  register(program, context) {
    program
      .command('explain')
      .description(
        'explain a finding or a job: root cause, exact changes and expected impact (with a configured model, else from the detectors)',
      )
      .argument('<id>', 'a finding id (from analyze) or a Dremio job id')
      .option('--cluster <name>', 'the cluster (default: the only one)')
      .option(
        '--confirm',
        'run each proposed rewrite and the original query on Dremio (read-only, at most 1000 rows each) and compare their results',
      )
      .addOption(formatOption())
      .action(async (id: string, options: ExplainCliInput) => {
        const result = await withServices(context, { command: 'explain' }, async (deps) =>
          explain(deps, {
            ...(await explainTarget(deps, id, options.cluster)),
            ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
            confirm: options.confirm === true,
          }),
        );
        context.print(options.format === 'json' ? stringifyWire(result, 2) : renderExplanation(result));
      });
  },
};
