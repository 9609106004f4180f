import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in process with captured streams, a given environment and working directory. */
export async function runCli(
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly cwd: string },
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const exitCode = await main(args, { stdout, stderr, env: options.env ?? {}, cwd: options.cwd });
  return { exitCode, stdout: out.join(''), stderr: err.join('') };
}
