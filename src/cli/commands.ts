import type { CliCommand } from './command.js';

/** A top-level command: its word, what `--help` says of it, and how to load it when it is run. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}

/**
 * Every command of the CLI, in the order `--help` lists them. Each loads only when run, so `--help` and
 * light commands never pay for the store, the simulator or the SQL parser.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'demo',
    summary:
      'start the built-in Dremio simulator, collect from it, analyse, and print the report (no cluster needed)',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'check',
    summary: 'connect to the configured Dremio and report whether every source the product needs is readable',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'collect',
    summary:
      'collect job history, profiles, reflections and dataset metadata from the configured Dremio (read-only)',
    load: async () => (await import('./collect.js')).collectCommand,
  },
  {
    name: 'run',
    summary: 'collect, analyze and measure on a schedule until stopped',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'import',
    summary: 'import profiles, support ZIPs, queries.json logs and job-history exports',
    load: async () => (await import('./import.js')).importCommand,
  },
  {
    name: 'runs',
    summary: 'list collection and import runs, or show one with the items it could not collect',
    load: async () => (await import('./runs.js')).runsCommand,
  },
  {
    name: 'analyze',
    summary: 'find what makes the stored workload slow: every detector over a window of jobs',
    load: async () => (await import('./analyze.js')).analyzeCommand,
  },
  {
    name: 'findings',
    summary: 'list the stored findings, or show one in full with its evidence, jobs and recommendations',
    load: async () => (await import('./findings.js')).findingsCommand,
  },
  {
    name: 'baselines',
    summary: 'the per-fingerprint baselines analyze stores: list them, show one query shape',
    load: async () => (await import('./baselines.js')).baselinesCommand,
  },
  {
    name: 'jobs',
    summary: 'show one stored job: its phases, SQL and profile summary',
    load: async () => (await import('./jobs.js')).jobsCommand,
  },
  {
    name: 'waive',
    summary: 'stop reporting a finding (by id) or every finding matching DETECTOR:PATTERN',
    load: async () => (await import('./waive.js')).waiveCommand,
  },
  {
    name: 'waivers',
    summary: 'list the waivers, or revoke one (what it hid is reported again)',
    load: async () => (await import('./waivers.js')).waiversCommand,
  },
  {
    name: 'recommendations',
    summary: 'list, inspect, accept, reject and apply (with --confirm) recommended changes',
    load: async () => (await import('./recommendations.js')).recommendationsCommand,
  },
  {
    name: 'explain',
    summary:
      'explain a finding or a job: root cause, exact changes, expected impact (a configured model, else the detectors)',
    load: async () => (await import('./explain.js')).explainCommand,
  },
  {
    name: 'reflections',
    summary: "the reflection ledger: each reflection's refresh cost and storage against the time it saves",
    load: async () => (await import('./reflections.js')).reflectionsCommand,
  },
  {
    name: 'measure',
    summary: 'measure what applied and detected changes did to the queries they affect (before vs after)',
    load: async () => (await import('./measure.js')).measureCommand,
  },
  {
    name: 'serve',
    summary:
      'serve the dashboard at / and the REST API (OpenAPI at /openapi.json, docs at /docs) until stopped',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'mcp',
    summary:
      'answer an assistant (Claude Desktop, Cursor…) over the Model Context Protocol on stdio; read-only unless --allow-writes',
    load: async () => (await import('./mcp.js')).mcpCommand,
  },
  {
    name: 'analyze-profile',
    summary: 'summarise profile files (JSON, support ZIP, .gz, .tgz) without a store',
    load: async () => (await import('./analyze-profile.js')).analyzeProfileCommand,
  },
  {
    name: 'fingerprint',
    summary: 'print `fingerprint<TAB>normalised SQL` for each SQL line',
    load: async () => (await import('./fingerprint.js')).fingerprintCommand,
  },
  {
    name: 'alerts',
    summary: 'send a test alert to a channel, list the alert outbox (pending, sent, failed)',
    load: async () => (await import('./alerts.js')).alertsCommand,
  },
  {
    name: 'config',
    summary: 'inspect the configuration',
    load: async () => (await import('./config-show.js')).configShowCommand,
  },
  {
    name: 'db',
    summary: 'manage the store (embedded PGlite, or PostgreSQL via DATABASE_URL)',
    load: async () => (await import('./db.js')).dbCommand,
  },
  {
    name: 'completion',
    summary: 'print a completion script for bash, zsh or fish',
    load: async () => (await import('./completion.js')).completionCommand,
  },
  {
    name: 'simulate',
    summary: 'run the built-in Dremio simulator (a seeded, labelled workload) until interrupted',
    load: async () => (await import('./simulate.js')).simulateCommand,
  },
];

const OPTIONS_WITH_VALUES = new Set(['-c', '--config']);

/** The command word the arguments name (after global options), or the one `help <command>` asks about. */
export function requestedCommand(argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (OPTIONS_WITH_VALUES.has(arg)) i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words[0] === 'help' ? words[1] : words[0];
}
