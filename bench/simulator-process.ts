import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SIMULATOR_DEFAULTS } from '../src/simulator/index.js';
import { cliCommand } from './cli-build.js';

const START_TIMEOUT_MS = 60_000;
const CLOCK_TICKS_PER_S = 100;

export interface SimulatorProcess {
  readonly url: string;
  readonly userName: string;
  readonly password: string;
  /** Peak RSS so far (`VmHWM`), read from `/proc`. */
  peakRssMb(): number;
  /** CPU time so far (user + system). */
  cpuS(): number;
  stop(): Promise<void>;
}

/**
 * `dremio-optimizer simulate --jobs N` in its own process, as a user runs it, so its peak RSS while a
 * collector pages through every job can be read (issue 3: under 300 MB at 1M jobs).
 */
export async function startSimulatorProcess(jobs: number): Promise<SimulatorProcess> {
  const [node, ...args] = cliCommand(['simulate', '--jobs', String(jobs), '--port', '0']);
  const child = spawn(node as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await listeningUrl(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the simulator process has no pid');
  return {
    url,
    userName: SIMULATOR_DEFAULTS.userName,
    password: SIMULATOR_DEFAULTS.password,
    peakRssMb: () => {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return Number(kb) / 1024;
    },
    cpuS: () => {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`the simulator did not start within ${START_TIMEOUT_MS / 1000} s: ${output.slice(-1000)}`),
      );
    }, START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      child.stdout?.resume();
      resolve(url);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-5000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (${code}) before listening: ${output.slice(-1000)}`));
    });
  });
}
