import { readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname } from 'node:os';

/** Who holds (or held) the embedded store: written once, complete, before the lock file appears. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
  /** The kernel's boot id: a different one means the machine rebooted since, so the holder is gone. */
  readonly bootId?: string;
  /** `/proc/<pid>/stat` start time in clock ticks since boot: tells a reused PID from the holder. */
  readonly startTime?: string;
  /** `/proc/self/ns/pid`: a PID means nothing in another PID namespace (another container). */
  readonly pidNamespace?: string;
  /** A Unix socket the holder listens on while it holds the lock. */
  readonly socket?: string;
  /** Set when the holder let go; the next opener takes over at once. */
  readonly released?: boolean;
}

export type Liveness =
  | { readonly state: 'dead'; readonly proof: string }
  | { readonly state: 'alive' }
  | { readonly state: 'unknown'; readonly why: string };

export function describeSelf(command: string, since: string, socket: string | undefined): LockHolder {
  const startTime = procStartTime(process.pid);
  const bootId = readOptional('/proc/sys/kernel/random/boot_id');
  const pidNamespace = readLinkOptional('/proc/self/ns/pid');
  return {
    pid: process.pid,
    host: hostname(),
    command,
    since,
    ...(bootId === undefined ? {} : { bootId }),
    ...(startTime === undefined ? {} : { startTime }),
    ...(pidNamespace === undefined ? {} : { pidNamespace }),
    ...(socket === undefined ? {} : { socket }),
  };
}

/**
 * Decides whether the holder still runs, claiming "dead" only with proof: a wrong "dead" lets two
 * processes write one store. The socket is the strongest proof because the kernel closes it when its
 * process ends, whatever PID namespace (container) either side is in; PIDs are the fallback.
 */
export async function holderLiveness(holder: LockHolder): Promise<Liveness> {
  if (holder.released === true) return { state: 'dead', proof: 'it released the lock' };
  if (holder.host !== hostname()) {
    return { state: 'unknown', why: `it was taken on another host (${holder.host})` };
  }
  const bootId = readOptional('/proc/sys/kernel/random/boot_id');
  if (holder.bootId !== undefined && bootId !== undefined && holder.bootId !== bootId)
    return { state: 'dead', proof: 'the machine has rebooted since' };
  if (holder.socket !== undefined) {
    const answer = await probeSocket(holder.socket);
    if (answer === 'listening') return { state: 'alive' };
    if (answer === 'refused') return { state: 'dead', proof: 'its lock socket no longer answers' };
  }
  return pidLiveness(holder);
}

function pidLiveness(holder: LockHolder): Liveness {
  const ownNamespace = readLinkOptional('/proc/self/ns/pid');
  if (holder.pidNamespace !== undefined && ownNamespace !== undefined && holder.pidNamespace !== ownNamespace)
    return { state: 'unknown', why: 'it ran in another PID namespace (another container)' };
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH')
      return { state: 'dead', proof: `process ${holder.pid} has exited` };
  }
  const startTime = procStartTime(holder.pid);
  if (holder.startTime !== undefined && startTime !== undefined && startTime !== holder.startTime)
    return { state: 'dead', proof: `process ${holder.pid} has exited and its PID was reused` };
  return { state: 'alive' };
}

/** `refused` only when nobody listens on an existing socket; any other failure proves nothing. */
function probeSocket(path: string): Promise<'listening' | 'refused' | 'unknown'> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve('listening');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'unknown');
    });
  });
}

function procStartTime(pid: number): string | undefined {
  const stat = readOptional(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function readLinkOptional(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
