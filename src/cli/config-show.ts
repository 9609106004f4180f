import { describeConfig, describeOrigin } from '../config/index.js';
import type { CliCommand } from './command.js';
import { formatOption, type OutputFormat } from './format-option.js';

export const configShowCommand: CliCommand = {
  name: 'config show',
  register(program, context) {
    const config =
      program.commands.find((c) => c.name() === 'config') ??
      program.command('config').description('inspect the configuration');
    config
      .command('show')
      .description('print the effective configuration, secrets masked, and where each value came from')
      .addOption(formatOption())
      .action((options: { format: OutputFormat }) => {
        const loaded = context.loaded();
        const settings = describeConfig(loaded);
        if (options.format === 'json') {
          context.print(JSON.stringify({ configFile: loaded.configFile ?? null, settings }, null, 2));
          return;
        }
        const width = Math.max(...settings.map((s) => s.env.length));
        for (const s of settings) {
          const value = s.value === undefined ? '(unset)' : s.value;
          context.print(`${s.env.padEnd(width)}  ${value}  [${describeOrigin(s.origin)}]`);
        }
      });
  },
};
