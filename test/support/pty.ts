// Runs the CLI in a pseudo-terminal of a given width, through util-linux `script` (no native module to
// build), and returns what the terminal received: escape codes, carriage returns and all.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const TSX = import.meta.resolve('tsx');
const CLI_ENTRY = join(process.cwd(), 'test/support/cli-entry.ts');

export interface PtyRun {
  /** Everything written to the terminal: stdout and stderr together, as a terminal shows them. */
  readonly output: string;
  /** The CLI's exit code (from `script -e`); undefined when it was killed by a signal. */
  readonly exitCode: number | undefined;
  /** Whether `until` matched, so Ctrl-C was typed. */
  readonly interrupted: boolean;
}

/** Whether util-linux `script` is here (it is on Debian and Ubuntu; macOS's BSD `script` differs). */
export function ptyAvailable(): boolean {
  const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && /util-linux/.test(probe.stdout);
}

/**
 * Runs `dremio-optimizer ARGS` in a terminal `columns` wide (40 rows), with exactly `env` (plus PATH;
 * TERM defaults to xterm-256color) in `cwd`. `until` sees the output so far; once it returns true,
 * Ctrl-C is typed into the terminal, as a user would, and the run ends as the CLI handles SIGINT.
 *
 * @example
 * const run = await runInPty(['demo', '--jobs', '60'], { columns: 80, cwd, env: { NO_COLOR: '1' } });
 * expect(stripAnsi(run.output)).toContain('Top recommendations');
 */
export function runInPty(
  args: readonly string[],
  options: {
    readonly columns: number;
    readonly cwd: string;
    readonly env?: Readonly<Record<string, string>>;
    readonly until?: (output: string) => boolean;
    readonly timeoutMs?: number;
  },
): Promise<PtyRun> {
  const command = [
    `stty cols ${options.columns} rows 40`,
    `exec ${[process.execPath, '--import', TSX, CLI_ENTRY, ...args].map(shellQuote).join(' ')}`,
  ].join('; ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd,
      env: { TERM: 'xterm-256color', ...options.env, PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let interrupted = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end after ${options.timeoutMs ?? 120_000} ms; output so far:\n${output}`));
    }, options.timeoutMs ?? 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!interrupted && options.until?.(output) === true) {
        interrupted = true;
        child.stdin.write('\x03');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ output, exitCode: code ?? undefined, interrupted });
    });
  });
}

/** The text without ANSI escape sequences (colours, cursor moves, line clears). */
export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is removed
  return text.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g, '');
}

/**
 * What the terminal showed as separate lines: split on newlines and on carriage returns, since a
 * progress line is redrawn in place after `\r`.
 */
export function screenLines(output: string): string[] {
  return stripAnsi(output)
    .split(/\r|\n/)
    .filter((line) => line !== '');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
