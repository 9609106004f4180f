import { analyzeProfileCommand } from './analyze-profile.js';
import type { CliCommand } from './command.js';
import { configShowCommand } from './config-show.js';
import { dbCommand } from './db.js';
import { fingerprintCommand } from './fingerprint.js';
import { importCommand } from './import.js';

/** Every command of the CLI, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  importCommand,
  analyzeProfileCommand,
  fingerprintCommand,
  configShowCommand,
  dbCommand,
];
