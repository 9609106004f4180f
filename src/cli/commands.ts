import { analyzeCommand } from './analyze.js';
import { analyzeProfileCommand } from './analyze-profile.js';
import { checkCommand } from './check.js';
import { collectCommand } from './collect.js';
import type { CliCommand } from './command.js';
import { configShowCommand } from './config-show.js';
import { dbCommand } from './db.js';
import { demoCommand } from './demo.js';
import { fingerprintCommand } from './fingerprint.js';
import { importCommand } from './import.js';
import { recommendationsCommand } from './recommendations.js';
import { runCommand } from './run.js';
import { simulateCommand } from './simulate.js';
import { waiveCommand } from './waive.js';

/** Every command of the CLI, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  checkCommand,
  collectCommand,
  runCommand,
  importCommand,
  analyzeCommand,
  waiveCommand,
  recommendationsCommand,
  analyzeProfileCommand,
  fingerprintCommand,
  configShowCommand,
  dbCommand,
  simulateCommand,
];
