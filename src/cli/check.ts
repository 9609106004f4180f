import { configuredCluster } from '../app/configured-clusters.js';
import { dremioOptionsOfCluster } from '../app/options-from-config.js';
import { stringifyWire } from '../app/wire-json.js';
import { type CheckReport, checkConnection } from '../dremio/index.js';
import type { CliCommand } from './command.js';
import { EXIT } from './exit-codes.js';
import { formatOption, type OutputFormat } from './format-option.js';

export const checkCommand: CliCommand = {
  name: 'check',
  register(program, context, setExitCode) {
    program
      .command('check')
      .description(
        'connect to the configured Dremio and report, line by line, whether every source the product needs is readable',
      )
      .option('--cluster <name>', 'the configured cluster to check (required when several are configured)')
      .addOption(formatOption())
      .action(async (options: { format: OutputFormat; cluster?: string }) => {
        const cluster = configuredCluster(context.config(), options.cluster);
        const report = await checkConnection(dremioOptionsOfCluster(cluster, context.logger()));
        context.print(options.format === 'json' ? stringifyWire(report, 2) : renderCheck(report));
        // History is the one source nothing works without.
        const history = report.lines.find((l) => l.item === 'job-history');
        if (history === undefined || !history.ok) setExitCode(EXIT.dremio);
      });
  },
};

function renderCheck(report: CheckReport): string {
  const lines = [
    `Dremio at ${report.url} (${report.authMethod === 'pat' ? 'personal access token' : 'username and password'})`,
  ];
  for (const line of report.lines) {
    const mark = line.skipped ? 'skip' : line.ok ? ' ok ' : 'FAIL';
    lines.push(`[${mark}] ${line.item.padEnd(18)} ${line.detail}`);
    if (line.fix !== undefined) lines.push(`       fix: ${line.fix}`);
  }
  lines.push(
    report.ok
      ? 'everything the optimizer reads is readable'
      : 'some sources are not readable; see the fixes above',
  );
  return lines.join('\n');
}
