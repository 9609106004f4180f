import { Command, CommanderError } from 'commander';
import { secretsFromEnv } from '../config/index.js';
import { ConfigError, isAppError } from '../errors.js';
import { createRedactor, scrubStream } from '../log/index.js';
import { startTracing } from '../observe/tracing.js';
import { COMMANDS, requestedCommand } from './commands.js';
import { type CliIo, createContext } from './context.js';
import { EXIT, EXIT_BY_ERROR_KIND, exitCodeForSignal } from './exit-codes.js';
import { describeFieldError } from './field-flags.js';
import { forgetInterruption, interruptedBy } from './signals.js';
import { tracedCommand } from './traced-command.js';
import { VERSION } from './version.js';

/**
 * Runs the CLI and returns the exit code. All errors end here, as one line (a stack only with --verbose).
 * Everything any command prints, on stdout or stderr, goes through one redactor: it knows the secrets
 * of the environment from the start and those of the config file once it is loaded, and the shapes a
 * secret takes in text nobody told us about (a server echoing a header or a request body).
 */
export async function main(argv: readonly string[], rawIo: CliIo = processIo()): Promise<number> {
  const redactor = createRedactor(secretsFromEnv(rawIo.env));
  const io: CliIo = {
    ...rawIo,
    stdout: scrubStream(rawIo.stdout, redactor),
    stderr: scrubStream(rawIo.stderr, redactor),
  };
  const program = new Command('dremio-optimizer')
    .description('Finds what makes Dremio queries slow and tells you exactly what to change.')
    .version(VERSION, '-V, --version')
    .option('-c, --config <path>', 'configuration file (JSON or YAML)')
    .option('--verbose', 'show stack traces on errors')
    .option('-q, --quiet', 'show no progress on stderr')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  const context = createContext(io, () => program.opts<{ config?: string; quiet?: boolean }>(), redactor);
  let exitCode: number = EXIT.ok;
  const requested = requestedCommand(argv);
  for (const entry of COMMANDS) {
    if (entry.name === requested) {
      (await entry.load()).register(program, context, (code) => {
        exitCode = code;
      });
    } else {
      // Listed for --help; loaded only when it is the one being run.
      program.command(entry.name).description(entry.summary);
    }
  }
  forgetInterruption();
  // Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set; then the spans are sent at the end.
  const tracing = await startTracing({ env: rawIo.env, serviceVersion: VERSION });
  try {
    await tracedCommand(requested, argv, () => program.parseAsync([...argv], { from: 'user' }));
    return interruptedBy() === undefined ? exitCode : reportInterruption(io, undefined);
  } catch (error) {
    if (interruptedBy() !== undefined) return reportInterruption(io, error);
    return reportError(error, { io, verbose: program.opts<{ verbose?: boolean }>().verbose === true });
  } finally {
    // A collector that is down must not fail the command: the exporter reports and gives up.
    await tracing.shutdown().catch(() => {});
  }
}

/** A stop the user asked for is not a failure of Dremio or the store, whatever error it caused on its way. */
function reportInterruption(io: CliIo, error: unknown): number {
  const signal = interruptedBy()!;
  const detail =
    error === undefined ? '' : ` (while: ${error instanceof Error ? error.message : String(error)})`;
  io.stderr.write(
    `interrupted by ${signal}${detail}. What was stored before it is kept; run the command again to continue.\n`,
  );
  return exitCodeForSignal(signal);
}

function reportError(error: unknown, options: { io: CliIo; verbose: boolean }): number {
  const { io, verbose } = options;
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help/version text).
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`error: ${error.message}\n`);
    for (const p of error.problems)
      io.stderr.write(`  ${p.key}: got ${JSON.stringify(p.value)}, expected ${p.expected}\n`);
    if (verbose && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT.config;
  }
  const fieldLines = describeFieldError(error);
  if (isAppError(error) && fieldLines !== undefined) {
    // A service's error names its input fields; here they read as this command's options.
    const [first, ...rest] = fieldLines;
    io.stderr.write(`error [${error.code}]: ${first}${error.hint === undefined ? '' : ` — ${error.hint}`}\n`);
    for (const line of rest) io.stderr.write(`${line}\n`);
    if (verbose && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT_BY_ERROR_KIND[error.kind];
  }
  if (isAppError(error)) {
    io.stderr.write(
      `error [${error.code}]: ${error.message}${error.hint === undefined ? '' : ` — ${error.hint}`}\n`,
    );
    if (verbose && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT_BY_ERROR_KIND[error.kind];
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`internal error: ${message} — please report it with the output of --verbose\n`);
  if (verbose && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  return EXIT.internal;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
