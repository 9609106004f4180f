import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log/index.js';
import { acquireLease, readLease, releaseLease, renewLease, type Store } from '../store/index.js';

/** How long a lease lasts unless renewed: a holder that dies frees its cluster after this long. */
export const DEFAULT_LEASE_MS = 120_000;

export type LeaseOutcome<T> =
  | { readonly kind: 'ran'; readonly value: T }
  | { readonly kind: 'held'; readonly holder: string | undefined };

export interface LeaseOptions {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs?: number;
  readonly logger: Logger;
}

/** A holder name unique to this process and call: `pid@host <uuid>`; readable in the `leases` table. */
export function newLeaseHolder(label: string): string {
  return `${label} pid ${process.pid}@${hostname()} ${randomUUID()}`;
}

/**
 * Runs `fn` while holding the lease `name` in the store, renewing it every third of its life so a long
 * run keeps it, and releases it at the end however `fn` ends. When another holder has the lease, `fn`
 * does not run. A renewal that finds the lease taken (this process stalled past its expiry) is logged:
 * the work in hand finishes, and the next run asks again.
 */
export async function withLease<T>(
  store: Store,
  options: LeaseOptions,
  fn: () => Promise<T>,
): Promise<LeaseOutcome<T>> {
  const request = { name: options.name, holder: options.holder, ttlMs: options.ttlMs ?? DEFAULT_LEASE_MS };
  if (!(await acquireLease(store.db, request))) {
    return { kind: 'held', holder: (await readLease(store.db, request.name))?.holder };
  }
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewing.then(async () => {
        try {
          if (!(await renewLease(store.db, request)))
            options.logger.warn({ lease: request.name }, 'lease lost to another holder; this run finishes');
        } catch (error) {
          options.logger.warn({ lease: request.name, err: error }, 'lease renewal failed; retrying');
        }
      });
    },
    Math.max(1, Math.floor(request.ttlMs / 3)),
  );
  timer.unref();
  try {
    return { kind: 'ran', value: await fn() };
  } finally {
    clearInterval(timer);
    await renewing;
    await releaseLease(store.db, request).catch((error: unknown) =>
      options.logger.warn({ lease: request.name, err: error }, 'lease release failed; it expires instead'),
    );
  }
}
