import { resolve } from 'node:path';
import { profileFindingsStep } from '../analysis/profile-findings.js';
import { renderFindingLines } from '../format/analysis-table.js';
import { renderProfileSummaryTable } from '../format/profile-summary-table.js';
import { wrapText } from '../format/text-table.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import { analyzeProfileFiles } from '../profile/analyze-profile-service.js';
import type { CliCommand } from './command.js';
import { EXIT } from './exit-codes.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { terminalWidth } from './terminal-width.js';

const NO_FINDINGS = 'No findings (job-scope detectors; a lone profile counts as one run a day).';

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
          const width = terminalWidth(context.io);
          const blocks = result.profiles.map(
            (p) =>
              `${p.file}\n${renderProfileSummaryTable(p.summary, { widthColumns: width })}\n${
                p.findings.length === 0
                  ? wrapText(NO_FINDINGS, width).join('\n')
                  : `Findings\n${renderFindingLines(p.findings, { widthColumns: width })}`
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
