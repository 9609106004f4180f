import { resolve } from 'node:path';
import { profileFindingsStep } from '../analysis/profile-findings.js';
import { renderFindingLines } from '../format/analysis-table.js';
import { renderProfileSummaryTable } from '../format/profile-summary-table.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import { analyzeProfileFiles } from '../profile/analyze-profile-service.js';
import type { CliCommand } from './command.js';
import { EXIT } from './exit-codes.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { terminalWidth } from './terminal-width.js';

export const analyzeProfileCommand: CliCommand = {
  name: 'analyze-profile',
  register(program, context, setExitCode) {
    program
      .command('analyze-profile')
      .description('summarise profile files (JSON, support ZIP, .gz, .tgz) without a store')
      .argument('<files...>', 'profile files or directories')
      .addOption(formatOption())
      .action(async (files: string[], options: { format: OutputFormat }) => {
        const findings = await profileFindingsStep({ overrides: context.config().detectors });
        const result = await analyzeProfileFiles(
          files.map((f) => resolve(context.io.cwd, f)),
          { findings },
        );
        if (options.format === 'json') {
          context.print(stringifyLosslessJson({ profiles: result.profiles, errors: result.errors }, 2));
        } else {
          const blocks = result.profiles.map(
            (p) =>
              `${p.file}\n${renderProfileSummaryTable(p.summary, { widthColumns: terminalWidth(context.io) })}\n${
                p.findings.length === 0
                  ? 'No findings (job-scope detectors; a lone profile counts as one run a day).'
                  : `Findings\n${renderFindingLines(p.findings, { widthColumns: terminalWidth(context.io) })}`
              }`,
          );
          context.print(blocks.join('\n\n') || 'no profiles found');
        }
        for (const e of result.errors) {
          context.io.stderr.write(`${e.file}: ${e.message}${e.hint === undefined ? '' : ` ${e.hint}`}\n`);
        }
        if (result.errors.length > 0) setExitCode(EXIT.input);
      });
  },
};
