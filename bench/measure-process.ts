import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface MeasuredProcess {
  /** The child's standard output. */
  readonly stdout: string;
  /** Peak resident set size of the child, as the kernel reports it to `/usr/bin/time -v`. */
  readonly peakRssMb: number;
  readonly wallS: number;
  /** CPU time of the child (user + system), to tell its own cost from waiting on others. */
  readonly cpuS: number;
}

const TIME_BINARY = '/usr/bin/time';
const TSX_LOADER = import.meta.resolve('tsx');

/** The command line that runs a TypeScript bench script with one JSON argument. */
export function tsxScript(script: URL, args: unknown): string[] {
  return [process.execPath, '--import', TSX_LOADER, fileURLToPath(script), JSON.stringify(args)];
}

/**
 * Runs a command under `/usr/bin/time -v`, so its memory is measured from outside, and returns its
 * output with the peak RSS. Throws with the child's stderr tail when it fails or outlives `timeoutMs`.
 */
export function measureProcess(options: {
  readonly command: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}): Promise<MeasuredProcess> {
  const what = options.command.slice(1).join(' ').slice(0, 200);
  return new Promise((resolve, reject) => {
    const child = spawn(TIME_BINARY, ['-v', ...options.command], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${TIME_BINARY}: ${error.message}; install the Debian package "time"`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const rssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? '0';
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? '0';
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(stderr)?.[1];
      if (code !== 0 || rssKb === undefined) {
        const why = signal === 'SIGKILL' ? `killed after ${options.timeoutMs / 1000} s` : `exit ${code}`;
        reject(new Error(`${what} failed (${why}): ${stderr.slice(-1500)}`));
        return;
      }
      resolve({
        stdout,
        peakRssMb: Number(rssKb) / 1024,
        wallS: parseClock(wall ?? '0'),
        cpuS: Number(user) + Number(system),
      });
    });
  });
}

/**
 * The JSON document a child ends its output with: bench scripts print one line, `--format json`
 * commands one indented document.
 */
export function finalJson(stdout: string): Record<string, unknown> {
  const text = stdout.trim();
  const start = text.startsWith('{') ? 0 : text.lastIndexOf('\n{') + 1;
  return JSON.parse(text.slice(start)) as Record<string, unknown>;
}

function parseClock(text: string): number {
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}
