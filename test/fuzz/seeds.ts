import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compact } from './mutate.js';

const ROOTS = [
  fileURLToPath(new URL('../fixtures/real/', import.meta.url)),
  fileURLToPath(new URL('../../../shared/fixtures/real/', import.meta.url)),
];

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => `${dir}${name}`)
    .sort();
}

/** Real profile JSONs (compacted, deduplicated by content) from the repository's and the shared fixtures. */
export function profileSeeds(): readonly string[] {
  const texts = ROOTS.flatMap(jsonFiles)
    .map((file) => readFileSync(file, 'utf8'))
    .filter((text) => /"fragmentProfile"|"stateList"|"planPhases"/.test(text));
  return [...new Set(texts.map(compact))];
}

/** Real `queries.json` lines (one JSON object each), deduplicated. */
export function queryLineSeeds(): readonly string[] {
  const lines = ROOTS.flatMap(jsonFiles)
    .filter((file) => file.endsWith('queries.json'))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter((line) => line.trim().startsWith('{'));
  return [...new Set(lines)];
}
