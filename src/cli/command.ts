import type { Command } from 'commander';
import type { CliContext } from './context.js';

/**
 * One CLI command: it declares its options, parses them into a typed object, calls one service and
 * hands the result to a formatter. `setExitCode` lets a command report a non-error exit status.
 */
export interface CliCommand {
  readonly name: string;
  register(program: Command, context: CliContext, setExitCode: (code: number) => void): void;
}
