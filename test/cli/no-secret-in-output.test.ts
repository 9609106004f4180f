import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EchoServer, startEchoServer } from '../support/echo-server.js';
import { realFixture } from '../support/fixtures.js';
import { type EmptyLocation, testBackends } from '../support/store-backends.js';

// Planted everywhere a secret can come from; none may appear in anything any command prints.
const SECRET = {
  envPassword: 'envPw-3f9c2a71d',
  envToken: 'envTok-8b1e4c77a',
  urlPassword: 'urlPw-5d2a9e31c',
  queryPassword: 'qPw+9a/7b2c4e8',
  llmKey: 'sk-llm-0c7d1f5e9a2b',
  fileToken: 'fileTok-6e3b8a90f',
  filePassword: 'filePw-1a4c7e2b9',
  fileLlmKey: 'sk-file-4b9e2c6d1f',
} as const;

// Absolute, because each command runs in its own working directory, outside the repository.
const TSX = import.meta.resolve('tsx');
const CLI_ENTRY = join(process.cwd(), 'test/support/cli-entry.ts');

interface Printed {
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly output: string;
}

/** Runs one command as a real process; `stopWhen` sends SIGTERM once the output matches (for `run`). */
function runCommand(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; stdin?: string; stopWhen?: RegExp },
): Promise<Printed> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI_ENTRY, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
    });
    let output = '';
    let stopped = false;
    // Once: each further SIGTERM is a user insisting, which `run` obeys by exiting at once (code null).
    const collect = (c: Buffer) => {
      output += c.toString();
      if (!stopped && options.stopWhen?.test(output)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.stdin.end(options.stdin ?? '');
    child.on('close', (exitCode) => resolve({ args, exitCode, output }));
  });
}

function leaks(printed: Printed): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(SECRET))
    for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]))
      if (printed.output.includes(form)) found.push(`${name} (${form}) in \`${printed.args.join(' ')}\``);
  return found;
}

const postgres = testBackends().find((b) => b.name === 'postgres');

// Every command runs against PostgreSQL: with the embedded store each would spend seconds creating it.
describe.skipIf(postgres === undefined)(
  `no secret in any output${postgres === undefined ? ' (skipped: needs the PostgreSQL server of the test setup)' : ''}`,
  () => {
    let echo: EchoServer;
    let location: EmptyLocation;
    const dirs: string[] = [];
    const workdir = () => {
      const d = mkdtempSync(join(tmpdir(), 'do-secrets-'));
      dirs.push(d);
      return d;
    };
    beforeAll(async () => {
      echo = await startEchoServer();
      location = await postgres!.emptyLocation();
    });
    afterAll(async () => {
      await echo.close();
      await location.dispose();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    /** The test store's URL, with passwords planted in its userinfo and its query string. */
    const databaseUrl = (password: string, queryPassword?: string) => {
      const url = new URL(location.databaseUrl!);
      url.password = password;
      if (queryPassword !== undefined) url.searchParams.set('password', queryPassword);
      return url.toString();
    };

    it('from the environment and the URL: every command, with a server echoing what it was sent', async () => {
      const cwd = workdir();
      const profile = join(realFixture('dqd'), 'profile1.json');
      const env = {
        DREMIO_URL: echo.url,
        DREMIO_USERNAME: 'optimizer',
        DREMIO_PASSWORD: SECRET.envPassword,
        DATABASE_URL: databaseUrl(SECRET.urlPassword, SECRET.queryPassword),
        LLM_API_KEY: SECRET.llmKey,
        LOG_LEVEL: 'debug',
      };
      const commands: (readonly string[])[] = [
        ['config', 'show'],
        ['config', 'show', '--format', 'json'],
        ['db', 'migrate'],
        ['db', 'status'],
        ['db', 'status', '--format', 'json'],
        ['db', 'unlock'],
        ['check'],
        ['collect', '--profiles', '1'],
        ['--verbose', 'collect', '--format', 'json'],
        ['collect', '--dry-run'],
        ['import', profile],
        ['analyze', '--since', '2000-01-01'],
        ['analyze', '--format', 'json'],
        ['recommendations', 'list'],
        ['waive', 'small-files:lake.*', '--dry-run'],
        ['analyze-profile', profile],
        ['--help'],
      ];
      const printed: Printed[] = [];
      for (const args of commands) printed.push(await runCommand(args, { cwd, env }));
      printed.push(await runCommand(['fingerprint'], { cwd, env, stdin: `SELECT '${SECRET.llmKey}'\n` }));
      printed.push(await runCommand(['run', '--every', '1h'], { cwd, env, stopWhen: /cycle failed/ }));
      printed.push(
        await runCommand(['simulate', '--port', '0', '--jobs', '50'], { cwd, env, stopWhen: /Ctrl-C/ }),
      );
      printed.push(await runCommand(['demo', '--jobs', '60', '--data-dir', join(cwd, 'demo')], { cwd, env }));
      // Password login sent the password in the body; the server echoed it back in its errors.
      expect(echo.received.some((r) => r.body.includes(SECRET.envPassword))).toBe(true);
      expect(printed.flatMap(leaks)).toEqual([]);
      const collect = printed.find((p) => p.args[0] === 'collect' && p.args[1] === '--profiles')!;
      expect(collect.exitCode).toBe(4);
      expect(collect.output).toContain('HTTP 400');
      expect(collect.output).toContain('[redacted]');
      expect(printed.find((p) => p.args.join(' ') === 'db status')!.output).toContain(
        'backend:    PostgreSQL',
      );
      const ran = (word: string) => printed.find((p) => p.args[0] === word)!;
      expect(ran('demo').exitCode, ran('demo').output).toBe(0);
      expect(ran('simulate').output).toContain('listening on http://127.0.0.1:');
      expect(ran('import').exitCode, ran('import').output).toBe(0);
      // SIGTERM is how `run` is meant to end: after its failed cycle, it stops cleanly.
      expect(ran('run').exitCode, ran('run').output).toBe(0);
    }, 420_000);

    it('from a config file, a token echoed from the Authorization header, and failed connections', async () => {
      const cwd = workdir();
      writeFileSync(
        join(cwd, 'dremio-optimizer.config.json'),
        JSON.stringify({
          dremio: { url: echo.url, token: SECRET.fileToken },
          database: { url: databaseUrl(SECRET.filePassword) },
        }),
      );
      const env = { LOG_LEVEL: 'debug' };
      const printed: Printed[] = [];
      for (const args of [['config', 'show'], ['check'], ['--verbose', 'collect'], ['db', 'status']])
        printed.push(await runCommand(args, { cwd, env }));
      expect(echo.received.some((r) => JSON.stringify(r.headers).includes(SECRET.fileToken))).toBe(true);
      // A server that cannot be reached, a token in the environment and an unknown secret in the file.
      const unreachable = `postgres://postgres:${SECRET.urlPassword}@127.0.0.1:1/db?password=${encodeURIComponent(SECRET.queryPassword)}`;
      printed.push(
        await runCommand(['db', 'status'], { cwd: workdir(), env: { DATABASE_URL: unreachable } }),
      );
      expect(printed.at(-1)!.output).toContain('cannot connect to PostgreSQL');
      const badCwd = workdir();
      writeFileSync(
        join(badCwd, 'dremio-optimizer.config.json'),
        JSON.stringify({ llm: { apiKey: SECRET.fileLlmKey } }),
      );
      printed.push(
        await runCommand(['config', 'show'], {
          cwd: badCwd,
          env: { DREMIO_TOKEN: SECRET.envToken, DREMIO_URL: 'not a url' },
        }),
      );
      expect(printed.at(-1)!.exitCode).toBe(2);
      expect(printed.flatMap(leaks)).toEqual([]);
    }, 420_000);
  },
);
