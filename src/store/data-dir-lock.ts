import { randomBytes } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { StoreError } from '../errors.js';
import { describeSelf, holderLiveness, type LockHolder } from './lock-holder.js';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/*
 * Why this is safe when many processes race, with no OS lock (Node has no flock):
 * - The lock is a series of generations, `store.lock.<n>`; the holder is whoever created the highest.
 *   A file appears only through link(2) of a complete candidate, so nobody ever reads half a record,
 *   and link fails if the name exists, so each generation has exactly one creator.
 * - Taking over a dead holder of generation n means creating n + 1, never deleting n and re-creating
 *   it (that delete-then-create is what let 2–5 processes hold the old lock at once).
 * - The highest generation is never deleted (only lower ones are cleaned), so a slow process that
 *   creates a generation that was cleaned away sees a higher one when it lists again, and backs off.
 *   Every winner lists again after its link; two winners would each need to miss the other's file.
 * - Releasing rewrites the holder's own record as released (write then rename: atomic) instead of
 *   deleting it, which keeps the highest generation in place.
 * The remaining trust is in the liveness proof (lock-holder.ts): a holder is declared dead only on
 * proof, and when none is possible (another host, another PID namespace) the opener refuses and says
 * how to take over by hand.
 */
const GENERATION = /^store\.lock\.(\d+)$/;
const LEGACY = 'store.lock';
// Unix socket paths are limited to 108 bytes on Linux, 104 on macOS.
const MAX_SOCKET_PATH = 100;
const MAX_ROUNDS = 50;

/**
 * Takes an exclusive lock on the embedded store's directory. Two PGlite processes on one directory
 * silently lose writes, so a second process must fail loudly and say who holds the lock.
 */
export async function lockDataDir(dir: string, command: string): Promise<DataDirLock> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new StoreError(`cannot create the data directory ${dir}: ${(error as Error).message}`, {
      cause: error,
      code: 'STORE_LOCK_FAILED',
      hint: 'set DATA_DIR to a writable directory',
    });
  }
  const token = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const listener = await listenOn(join(dir, `store.sock-${token}`));
  const me = describeSelf(command, new Date().toISOString(), listener?.path);
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = highestGeneration(dir);
      let previous: LockHolder | undefined;
      if (current !== undefined) {
        const holder = readHolder(join(dir, current.name));
        if (holder === undefined) continue; // cleaned away meanwhile: list again
        previous = holder;
        const liveness = await holderLiveness(holder);
        if (liveness.state === 'alive') throw inUse(dir, holder, undefined);
        if (liveness.state === 'unknown') throw inUse(dir, holder, liveness.why);
      }
      const generation = (current?.generation ?? 0) + 1;
      const path = join(dir, `store.lock.${generation}`);
      if (!createExclusive(dir, path, me, token)) continue;
      if (highestGeneration(dir)?.generation !== generation) continue; // a later round won
      cleanBelow(dir, generation);
      // Only the socket of the holder proven gone: a loser's socket may still be in use.
      if (previous?.socket !== undefined) removeQuietly(previous.socket);
      return createHandle(path, me, listener);
    }
  } catch (error) {
    listener?.close();
    throw error;
  }
  listener?.close();
  throw new StoreError(`could not lock ${dir}: other processes kept taking the lock`, {
    code: 'STORE_LOCKED',
    hint: 'retry when the other commands on this store have finished',
  });
}

/**
 * `db unlock`: marks the current holder released so the next opener takes over. Only for a holder that
 * cannot be proven dead (another host or container) and that the user knows is gone.
 */
export function forceUnlockDataDir(dir: string): LockHolder | undefined {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = highestGeneration(dir);
    if (current === undefined) return undefined;
    const holder = readHolder(join(dir, current.name));
    if (holder === undefined) continue;
    const released: LockHolder = { ...holder, released: true };
    const path = join(dir, `store.lock.${current.generation + 1}`);
    if (createExclusive(dir, path, released, `${process.pid}-${randomBytes(6).toString('hex')}`)) {
      cleanBelow(dir, current.generation + 1);
      return holder;
    }
  }
  throw new StoreError(`could not unlock ${dir}: other processes kept taking the lock`, {
    code: 'STORE_LOCKED',
  });
}

/** Reads who holds the lock now, for messages. */
export function currentHolder(dir: string): LockHolder | undefined {
  const current = highestGeneration(dir);
  return current === undefined ? undefined : readHolder(join(dir, current.name));
}

function highestGeneration(dir: string): { name: string; generation: number } | undefined {
  let best: { name: string; generation: number } | undefined;
  for (const name of readdirSync(dir)) {
    const match = GENERATION.exec(name);
    // A lock left by an earlier version (one file, `store.lock`) counts as generation 0.
    const generation = match !== null ? Number(match[1]) : name === LEGACY ? 0 : undefined;
    if (generation !== undefined && (best === undefined || generation > best.generation))
      best = { name, generation };
  }
  return best;
}

function createExclusive(dir: string, path: string, record: LockHolder, token: string): boolean {
  const candidate = join(dir, `store.lock-candidate-${token}`);
  try {
    writeFileSync(candidate, JSON.stringify(record));
    linkSync(candidate, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError(`cannot create lock file ${path}: ${(error as Error).message}`, {
      cause: error,
      code: 'STORE_LOCK_FAILED',
      hint: 'the data directory must be writable (DATA_DIR)',
    });
  } finally {
    removeQuietly(candidate);
  }
}

function cleanBelow(dir: string, generation: number): void {
  for (const name of readdirSync(dir)) {
    const match = GENERATION.exec(name);
    const old = match !== null ? Number(match[1]) < generation : name === LEGACY;
    if (!old) continue;
    removeQuietly(join(dir, name));
  }
}

function createHandle(path: string, me: LockHolder, listener: LockSocket | undefined): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const temp = `${path}.releasing-${process.pid}`;
    try {
      writeFileSync(temp, JSON.stringify({ ...me, released: true }));
      renameSync(temp, path);
    } catch {
      // The directory is gone or read-only: nothing left to release.
    }
    listener?.close();
  };
  process.on('exit', release);
  return { path, release };
}

function readHolder(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as LockHolder;
  } catch {
    // Edited or damaged by hand: nothing proves its holder is gone.
    return { pid: 0, host: '(unreadable lock file)', command: '?', since: '?' };
  }
}

interface LockSocket {
  readonly path: string;
  close(): void;
}

/** A socket that answers while we hold the lock; without one (path too long, no support) PIDs decide. */
async function listenOn(path: string): Promise<LockSocket | undefined> {
  if (process.platform === 'win32' || path.length > MAX_SOCKET_PATH) return undefined;
  const server = createServer((connection) => connection.destroy());
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(path, () => resolve(true));
  });
  if (!ok) return undefined;
  // Holding the lock must not keep a finished command's process alive.
  server.unref();
  return {
    path,
    close: () => {
      server.close();
      removeQuietly(path);
    },
  };
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function inUse(dir: string, holder: LockHolder, unprovable: string | undefined): StoreError {
  const who = `process ${holder.pid} on ${holder.host} (\`${holder.command}\`, since ${holder.since})`;
  const api = /^serve \(API at (\S+)\)$/.exec(holder.command)?.[1];
  if (unprovable === undefined && api !== undefined) {
    // PGlite is one process: while `serve` holds the store, its API is the way in.
    return new StoreError(`the embedded store in ${dir} is held by the API server, ${who}`, {
      code: 'STORE_LOCKED',
      hint: `use the API at ${api} (see ${api}/docs) while it runs, or stop that server first; set DATABASE_URL to share a PostgreSQL server between the API and commands`,
    });
  }
  if (unprovable === undefined) {
    return new StoreError(`the embedded store in ${dir} is in use by ${who}`, {
      code: 'STORE_LOCKED',
      hint: 'wait for that command to finish or stop it; two processes writing one embedded store lose data. Set DATABASE_URL to share a PostgreSQL server instead',
    });
  }
  return new StoreError(
    `the embedded store in ${dir} is locked by ${who}, and ${unprovable}, so this process cannot tell whether it still runs`,
    {
      code: 'STORE_LOCKED',
      hint: `if that process is gone, take the lock over with \`dremio-optimizer db unlock --confirm\` (with DATA_DIR=${dir}); if it still runs, two processes writing one store lose data`,
    },
  );
}
