import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface MeasuredProcess {
  /** The child's last stdout line, parsed as JSON. */
  readonly result: Record<string, unknown>;
  /** Peak resident set size of the child, as the kernel reports it to `/usr/bin/time -v`. */
  readonly peakRssMb: number;
  readonly wallS: number;
  /** CPU time of the child (user + system), to tell its own cost from waiting on others. */
  readonly cpuS: number;
  /** CPU time this (parent) process spent meanwhile: the simulator, when it serves the child. */
  readonly parentCpuS: number;
}

const TIME_BINARY = '/usr/bin/time';
const TSX_LOADER = import.meta.resolve('tsx');

/**
 * Runs a bench script in its own Node process under `/usr/bin/time -v`, so its memory is measured from
 * outside, and returns its final JSON line with the peak RSS. Throws with the child's stderr tail when
 * it fails or outlives `timeoutMs`.
 */
export function measureProcess(options: {
  readonly script: URL;
  readonly args: unknown;
  readonly timeoutMs: number;
  /** Node flags for the child, e.g. `--max-old-space-size=96`. */
  readonly nodeFlags?: readonly string[];
}): Promise<MeasuredProcess> {
  const node = [process.execPath, ...(options.nodeFlags ?? [])];
  const argv = ['-v', ...node, '--import', TSX_LOADER, fileURLToPath(options.script)];
  argv.push(JSON.stringify(options.args));
  const parentCpu = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const child = spawn(TIME_BINARY, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
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
      const parentUsed = process.cpuUsage(parentCpu);
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(stderr)?.[1];
      const lastLine = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || rssKb === undefined || !lastLine.startsWith('{')) {
        const why = signal === 'SIGKILL' ? `killed after ${options.timeoutMs / 1000} s` : `exit ${code}`;
        reject(new Error(`${fileURLToPath(options.script)} failed (${why}): ${stderr.slice(-1500)}`));
        return;
      }
      resolve({
        result: JSON.parse(lastLine) as Record<string, unknown>,
        peakRssMb: Number(rssKb) / 1024,
        wallS: parseClock(wall ?? '0'),
        cpuS: Number(user) + Number(system),
        parentCpuS: (parentUsed.user + parentUsed.system) / 1e6,
      });
    });
  });
}

function parseClock(text: string): number {
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}
