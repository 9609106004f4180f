import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Everything under the application layer, which it and its callers may use. */
const BELOW_APP = [
  ...['domain', 'errors', 'json', 'log', 'observe', 'runtime', 'config', 'sql', 'profile', 'dremio'],
  ...['store', 'sources'],
  ...[
    'analysis',
    'analysis/stats',
    'analysis/detectors',
    'analysis/services',
    'recommend',
    'measure',
    'format',
    'alerts',
  ],
] as const;

/**
 * The one-way flow of the product, as imports between folders of `src/`. Data flows
 * sources → store → analysis → recommend → measure → app → api/cli; each folder imports only the
 * folders its row names (its own is always allowed). A folder without a row fails the test: a new
 * folder states its place in the flow when it is added.
 */
const MAY_IMPORT = {
  // Leaves: the vocabulary and the plumbing everything shares.
  errors: [],
  domain: ['errors'],
  json: ['errors'],
  log: [],
  // Traces (spans through the OpenTelemetry API, which every layer may open) and metrics (recorded by
  // the layers above the store and the Dremio client; those two take callbacks).
  observe: [],
  runtime: [],
  config: ['errors', 'log'],
  'analysis/stats': [],
  // Pure parsing: text in, domain values out. No I/O, no Dremio, no store.
  sql: ['domain', 'errors'],
  profile: ['domain', 'errors', 'json'],
  // The Dremio client and our own database, side by side: neither knows the other.
  dremio: ['domain', 'errors', 'json', 'log', 'observe'],
  store: ['domain', 'errors', 'json', 'log', 'observe'],
  // The simulator is a second, independent Dremio: it must not borrow the client it is tested against.
  simulator: ['domain', 'errors', 'json', 'log', 'sql', 'profile'],
  // Ingestion: Dremio or files → records in the store.
  sources: ['domain', 'errors', 'json', 'log', 'observe', 'sql', 'profile', 'dremio', 'store'],
  // The analysis framework works on stored data only: never on Dremio or on how data was collected.
  analysis: ['domain', 'errors', 'observe', 'sql', 'profile', 'store', 'analysis/stats'],
  // A detector sees the domain and the analysis framework, nothing else (and no other detector).
  'analysis/detectors': ['domain', 'analysis', 'analysis/stats'],
  // The analysis entry points that run the registered detectors (see areaOf).
  'analysis/services': [
    'domain',
    'errors',
    'observe',
    'sql',
    'profile',
    'store',
    'analysis',
    'analysis/stats',
    'analysis/detectors',
  ],
  recommend: ['domain', 'errors', 'json', 'log', 'observe', 'sql', 'store', 'analysis', 'analysis/stats'],
  measure: [
    ...['domain', 'errors', 'json', 'log', 'observe', 'sql', 'store', 'analysis', 'analysis/stats'],
    'recommend',
  ],
  format: ['domain', 'errors', 'json', 'analysis', 'recommend', 'measure'],
  // Alerts: events the stages record become outbox rows (in their transaction) sent to channels.
  alerts: ['domain', 'errors', 'json', 'log', 'config', 'store'],
  // The application layer: one service per capability, over everything below it.
  app: [...BELOW_APP],
  // Callers of the application layer. The demo runs the pipeline on the simulator.
  demo: [...BELOW_APP, 'simulator', 'app'],
  schedule: ['domain', 'errors', 'log', 'observe', 'app'],
  // The agent (`agent.explain`) sits beside the application layer, on top of it: the API and MCP call it.
  api: [...BELOW_APP, 'app', 'schedule', 'agent', 'mcp'],
  mcp: [...BELOW_APP, 'app', 'schedule', 'agent'],
  agent: [...BELOW_APP, 'app', 'schedule'],
  // The dashboard runs in the browser and calls only the public REST API: of the product it imports the
  // API's generated types and nothing else (checked below, file by file).
  web: ['api'],
  // The outermost caller: one file per command, starting whichever front end the command is.
  cli: [...BELOW_APP, 'simulator', 'demo', 'app', 'schedule', 'api', 'mcp', 'agent', 'web'],
} as const satisfies Record<string, readonly string[]>;

/**
 * The analysis files that run the registered detectors (`detectors/index.ts`). The detectors build on
 * the rest of analysis, so these files are a folder of their own in the table.
 */
const DETECTOR_RUNNERS: readonly string[] = ['analysis/analysis-service.ts', 'analysis/profile-findings.ts'];

type Area = keyof typeof MAY_IMPORT;

/**
 * Imports that break the table today, each with why it stays for now. An entry that no longer occurs
 * fails the test, so the list only shrinks.
 */
const KNOWN_EXCEPTIONS: readonly { from: string; to: string; reason: string }[] = [
  {
    from: 'recommend/recommend-service.ts',
    to: 'sources/recommendation-change.ts',
    reason:
      'recording a recommendation as a change reuses the DDL reader collection detects the same change ' +
      'with (sources/ddl-change.ts); both belong below recommend and sources (e.g. domain or sql)',
  },
];

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

interface Edge {
  readonly from: string;
  readonly to: string;
}

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every relative `import`, `export … from` and `import()` of a file, as paths relative to src/. */
function importsOf(file: string): Edge[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .filter((i) => i.fileName.startsWith('.'))
    .map((i) => ({
      from: relative(SRC, file),
      to: relative(SRC, resolve(dirname(file), i.fileName.replace(/\.js$/, '.ts'))),
    }));
}

/** The folder a path belongs to: its top folder; detectors, statistics and runners apart from analysis. */
function areaOf(path: string): string {
  if (DETECTOR_RUNNERS.includes(path)) return 'analysis/services';
  const parts = path.split('/');
  if (parts.length === 1) return parts[0]!.replace(/\.ts$/, '');
  if (parts[0] === 'analysis' && (parts[1] === 'detectors' || parts[1] === 'stats'))
    return `analysis/${parts[1]}`;
  return parts[0]!;
}

const edges = productFiles(SRC).flatMap(importsOf);
const isException = (e: Edge) => KNOWN_EXCEPTIONS.some((x) => x.from === e.from && x.to === e.to);

/** The import rules broken by `edges`, one line each; empty when the code keeps the flow. */
function violations(all: readonly Edge[]): string[] {
  const found: string[] = [];
  for (const e of all) {
    const from = areaOf(e.from);
    const to = areaOf(e.to);
    if (!(from in MAY_IMPORT)) {
      found.push(`${e.from}: src/${from} has no row in MAY_IMPORT`);
      continue;
    }
    if (from === 'analysis/detectors' && to === from && !e.from.endsWith('/index.ts')) {
      found.push(`${e.from} → ${e.to}: a detector must not import another detector`);
      continue;
    }
    if (from === to || isException(e)) continue;
    if (!(MAY_IMPORT[from as Area] as readonly string[]).includes(to)) {
      found.push(`${e.from} → ${e.to}: src/${from} must not import src/${to}`);
    }
  }
  return found;
}

describe('import boundaries', () => {
  it('reads the imports of the whole product', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: 'cli/main.ts', to: 'cli/commands.ts' });
  });

  it('keeps every import of src/ inside the one-way flow', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('lists only exceptions that still occur', () => {
    const stale = KNOWN_EXCEPTIONS.filter((x) => !edges.some((e) => e.from === x.from && e.to === x.to));
    expect(stale).toEqual([]);
  });

  it('gives every folder of src/ a row', () => {
    const areas = new Set(edges.flatMap((e) => [areaOf(e.from), areaOf(e.to)]));
    expect([...areas].filter((a) => !(a in MAY_IMPORT))).toEqual([]);
  });

  it('encodes a flow without cycles', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (area: string, path: readonly string[]) => {
      if (done.has(area)) return;
      if (visiting.has(area)) {
        cycles.push([...path, area].join(' → '));
        return;
      }
      visiting.add(area);
      for (const next of MAY_IMPORT[area as Area] ?? []) visit(next, [...path, area]);
      visiting.delete(area);
      done.add(area);
    };
    for (const area of Object.keys(MAY_IMPORT)) visit(area, []);
    expect(cycles).toEqual([]);
  });

  it('lets only the callers of the application layer import it, and nothing import the CLI or the API', () => {
    const importers = (target: string) =>
      Object.entries(MAY_IMPORT)
        .filter(([, allowed]) => (allowed as readonly string[]).includes(target))
        .map(([area]) => area)
        .sort();
    expect(importers('app')).toEqual(['agent', 'api', 'cli', 'demo', 'mcp', 'schedule']);
    expect(importers('cli')).toEqual([]);
    expect(importers('api')).toEqual(['cli', 'web']);
  });

  it('keeps the dashboard on the public API: it imports only the OpenAPI types from the product', () => {
    const outside = edges.filter((e) => areaOf(e.from) === 'web' && areaOf(e.to) !== 'web');
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((e) => e.to !== 'api/openapi-types.ts')).toEqual([]);
  });

  it('reports a wrong-way import (the check itself works)', () => {
    expect(
      violations([
        { from: 'analysis/detectors/spill.ts', to: 'sql/table-path.ts' },
        { from: 'analysis/detectors/regression.ts', to: 'analysis/detectors/reflection-unused.ts' },
        { from: 'analysis/plausible-job.ts', to: 'dremio/sql-marker.ts' },
        { from: 'store/jobs-repository.ts', to: 'analysis/detector.ts' },
        { from: 'newfolder/x.ts', to: 'domain/job.ts' },
        { from: 'analysis/detectors/index.ts', to: 'analysis/detectors/spill.ts' },
      ]),
    ).toEqual([
      'analysis/detectors/spill.ts → sql/table-path.ts: src/analysis/detectors must not import src/sql',
      'analysis/detectors/regression.ts → analysis/detectors/reflection-unused.ts: a detector must not import another detector',
      'analysis/plausible-job.ts → dremio/sql-marker.ts: src/analysis must not import src/dremio',
      'store/jobs-repository.ts → analysis/detector.ts: src/store must not import src/analysis',
      'newfolder/x.ts: src/newfolder has no row in MAY_IMPORT',
    ]);
  });
});
