import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { forceUnlockDataDir, lockDataDir } from '../../src/store/data-dir-lock.js';
import { runCli } from '../support/run-cli.js';

const CHILD = ['--import', 'tsx', 'test/support/lock-child.ts'];
const children: LockChild[] = [];
const dirs: string[] = [];
afterEach(() => {
  while (children.length > 0) children.pop()!.process.kill('SIGKILL');
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'do-lock-'));
  dirs.push(d);
  return d;
}

interface LockChild {
  readonly process: ChildProcessWithoutNullStreams;
  /** The child's next line on stdout. */
  next(): Promise<string>;
  send(line: string): void;
}

async function startChild(prefix: readonly string[] = []): Promise<LockChild> {
  const [command, ...args] = [...prefix, process.execPath, ...CHILD];
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w === undefined) lines.push(line);
    else w(line);
  });
  const handle: LockChild = {
    process: child,
    next: () => {
      const line = lines.shift();
      return line === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(line);
    },
    send: (line) => child.stdin.write(`${line}\n`),
  };
  children.push(handle);
  expect(await handle.next()).toMatch(/^ready \d+$/);
  return handle;
}

async function crash(child: LockChild): Promise<void> {
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.send('crash');
  await exited;
  children.splice(children.indexOf(child), 1);
}

describe('embedded store lock', () => {
  it('has exactly one holder when many processes race to take over a dead holder’s lock', async () => {
    const dir = workdir();
    const racers = await Promise.all(Array.from({ length: 12 }, () => startChild()));
    let dead = await startChild();
    dead.send(`try ${dir}`);
    expect(await dead.next()).toBe('held');
    for (let round = 0; round < 5; round++) {
      // The holder dies without releasing, as with kill -9: its lock is stale.
      await crash(dead);
      for (const r of racers) r.send(`try ${dir}`);
      const answers = await Promise.all(racers.map((r) => r.next()));
      const holders = racers.filter((_, i) => answers[i] === 'held');
      expect(holders, answers.join('\n')).toHaveLength(1);
      for (const a of answers.filter((x) => x !== 'held'))
        expect(a).toMatch(/^refused .*in use by process \d+ .*`lock-child`/);
      // The holder becomes the next round's dead process; a fresh racer replaces it.
      dead = holders[0]!;
      racers.splice(racers.indexOf(dead), 1, await startChild());
    }
  }, 120_000);

  it('is released for the next process, and refuses a second opener in the same process', async () => {
    const dir = workdir();
    const first = await lockDataDir(dir, 'collect');
    await expect(lockDataDir(dir, 'analyze')).rejects.toThrow(/in use by process \d+ .*`collect`/);
    first.release();
    const second = await lockDataDir(dir, 'analyze');
    second.release();
  });

  it('refuses a lock taken on another host, says who holds it and how to take over', async () => {
    const dir = workdir();
    const holder = { pid: 4242, host: 'elsewhere', command: 'collect', since: '2026-01-02T03:04:05.000Z' };
    writeFileSync(join(dir, 'store.lock.7'), JSON.stringify(holder));
    const attempt = lockDataDir(dir, 'analyze');
    await expect(attempt).rejects.toThrow(
      /locked by process 4242 on elsewhere \(`collect`, since 2026-01-02T03:04:05.000Z\), and it was taken on another host/,
    );
    await expect(attempt).rejects.toMatchObject({ hint: expect.stringContaining('db unlock --confirm') });
    expect(forceUnlockDataDir(dir)).toMatchObject(holder);
    (await lockDataDir(dir, 'analyze')).release();
  });

  it('`db unlock` shows the holder, and takes the lock over only with --confirm', async () => {
    const cwd = workdir();
    const dataDir = join(cwd, '.dremio-optimizer');
    mkdirSync(dataDir);
    const since = '2026-01-02T03:04:05.000Z';
    writeFileSync(
      join(dataDir, 'store.lock.3'),
      JSON.stringify({ pid: 77, host: 'other-box', command: 'run', since }),
    );
    const refused = await runCli(['db', 'status'], { cwd });
    expect(refused.exitCode).toBe(5);
    expect(refused.stderr).toContain(`locked by process 77 on other-box (\`run\`, since ${since})`);
    expect(refused.stderr).toContain('db unlock --confirm');
    const shown = await runCli(['db', 'unlock'], { cwd });
    expect(shown.stdout).toContain('locked by process 77 on other-box');
    expect((await runCli(['db', 'status'], { cwd })).exitCode).toBe(5);
    const unlocked = await runCli(['db', 'unlock', '--confirm'], { cwd });
    expect(unlocked.stdout).toContain('unlocked the embedded store');
    const status = await runCli(['db', 'status'], { cwd });
    expect(status.exitCode, status.stderr).toBe(0);
  }, 60_000);

  it('says which directory cannot be used when DATA_DIR is not a directory', async () => {
    const file = join(workdir(), 'a-file');
    writeFileSync(file, '');
    await expect(lockDataDir(join(file, 'store'), 'collect')).rejects.toMatchObject({
      code: 'STORE_LOCK_FAILED',
      message: expect.stringContaining(`cannot create the data directory ${join(file, 'store')}`),
      hint: expect.stringContaining('DATA_DIR'),
    });
  });

  it('takes over a lock an earlier version left behind once its process is gone', async () => {
    const dir = workdir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const holder = {
      pid: Number(gone.stdout),
      host: (await import('node:os')).hostname(),
      command: 'x',
      since: 'y',
    };
    writeFileSync(join(dir, 'store.lock'), JSON.stringify(holder));
    (await lockDataDir(dir, 'analyze')).release();
  });
});

const unshare = spawnSync('unshare', ['-p', '-f', '--mount-proc', 'true']);
const unshareWorks = unshare.status === 0;

describe.skipIf(!unshareWorks)(
  `embedded store lock from PID 1 of a namespace${unshareWorks ? '' : ` (skipped: \`unshare -p -f --mount-proc\` failed here, ${unshare.error?.message ?? unshare.stderr?.toString().trim()}; it needs root or user namespaces)`}`,
  () => {
    const asPid1 = ['unshare', '-p', '-f', '--mount-proc'];

    it('takes over a lock left by a PID-1 process that has exited, and not one whose PID 1 still runs', async () => {
      const dir = workdir();
      const first = await startChild(asPid1);
      first.send(`try ${dir}`);
      expect(await first.next()).toBe('held');
      // Another container's PID 1 while the first still runs: same PID, still refused.
      const second = await startChild(asPid1);
      second.send(`try ${dir}`);
      expect(await second.next()).toMatch(/^refused .*in use by process 1 /);
      // From outside any namespace, PID 1 is the host's init: still refused.
      const host = await startChild();
      host.send(`try ${dir}`);
      expect(await host.next()).toMatch(/^refused .*in use by process 1 /);
      await crash(first);
      second.send(`try ${dir}`);
      expect(await second.next()).toBe('held');
    }, 60_000);
  },
);
