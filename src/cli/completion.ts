import { Argument, Command } from 'commander';
import type { CliCommand } from './command.js';
import { COMMANDS } from './commands.js';
import {
  COMPLETION_SHELLS,
  type CompletionNode,
  type CompletionShell,
  completionScript,
} from './completion-scripts.js';
import type { CliContext } from './context.js';

/** The long option names a command takes (short ones are left to `--help`). */
function longOptions(command: Command): string[] {
  return command.options.flatMap((o) => (o.long === undefined ? [] : [o.long]));
}

function nodeOf(command: Command): CompletionNode {
  return {
    name: command.name(),
    summary: command.description(),
    options: longOptions(command),
    subcommands: command.commands.map(nodeOf),
  };
}

/** Every command registered for real (each is loaded here, unlike for a normal run), as a tree. */
async function commandTree(context: CliContext): Promise<CompletionNode> {
  const program = new Command('dremio-optimizer')
    .option('-c, --config <path>')
    .option('--verbose')
    .option('-q, --quiet')
    .option('-V, --version')
    .option('-h, --help');
  for (const entry of COMMANDS) {
    if (entry.name === 'completion') program.command('completion').description(entry.summary);
    else (await entry.load()).register(program, context, () => {});
  }
  return nodeOf(program);
}

export const completionCommand: CliCommand = {
  name: 'completion',
  register(program, context) {
    program
      .command('completion')
      .description('print a shell completion script: eval "$(dremio-optimizer completion bash)"')
      .addArgument(new Argument('<shell>', 'the shell').choices(COMPLETION_SHELLS))
      .action(async (shell: CompletionShell) => {
        context.print(completionScript(shell, await commandTree(context)));
      });
  },
};
