import { fileURLToPath } from 'node:url';

/**
 * Absolute path of a file under `test/fixtures/real/`: real Dremio files copied unchanged from
 * `../shared/fixtures/real` (see their README), so a clone tests on its own.
 */
export function realFixture(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/real/${relative}`, import.meta.url));
}
