import { fileURLToPath } from 'node:url';

/** Absolute path of a file under `shared/fixtures/real/` (real Dremio files, read-only). */
export function realFixture(relative: string): string {
  return fileURLToPath(new URL(`../../../shared/fixtures/real/${relative}`, import.meta.url));
}
