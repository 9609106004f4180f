import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../errors.js';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
}

/**
 * Takes an exclusive lock on the embedded store's directory. Two PGlite processes on one directory
 * silently lose writes, so a second process must fail loudly and say who holds the lock.
 */
export function lockDataDir(dir: string, command: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'store.lock');
  const owner: LockOwner = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      return createHandle(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`cannot create lock file ${path}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const holder = readOwner(path);
      if (holder !== undefined && isAlive(holder)) throw inUse(dir, holder);
      // The holder died without cleaning up (e.g. kill -9): the lock is stale.
      unlinkSync(path);
    }
  }
  throw new StoreError(`could not lock ${dir}: another process keeps taking the lock`, {
    code: 'STORE_LOCKED',
  });
}

function createHandle(path: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (existsSync(path) && readOwner(path)?.pid === process.pid) unlinkSync(path);
  };
  process.on('exit', release);
  return { path, release };
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, owner: LockOwner): StoreError {
  return new StoreError(
    `the embedded store in ${dir} is in use by process ${owner.pid} on ${owner.host} (\`${owner.command}\`, since ${owner.since})`,
    {
      code: 'STORE_LOCKED',
      hint: 'wait for that command to finish or stop it; two processes writing one embedded store lose data. Set DATABASE_URL to share a PostgreSQL server instead',
    },
  );
}
