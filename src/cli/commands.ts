import type { CliCommand } from './command.js';
import { configShowCommand } from './config-show.js';
import { dbCommand } from './db.js';

/** Every command of the CLI, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [configShowCommand, dbCommand];
