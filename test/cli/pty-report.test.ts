import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { ptyAvailable, runInPty, stripAnsi } from '../support/pty.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

// A colour or style (SGR) sequence; the cursor moves of a progress bar are other sequences.
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is looked for
const SGR = /\x1b\[[0-9;]*m/;
// A severity word right after a colour: what a terminal gets.
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is looked for
const COLOURED_SEVERITY = /\x1b\[[0-9;]*m(critical|high|medium|low)\b/;

interface JsonFinding {
  readonly id: string;
  readonly title: string;
  readonly subject:
    | { kind: 'job'; jobId: string }
    | { kind: 'fingerprint'; fingerprint: string }
    | { kind: 'dataset'; path: string }
    | { kind: 'reflection'; name: string | null; datasetPath: string | null };
}

/** What the report must show whole: the text that names a finding's subject. */
function subjectWords(f: JsonFinding): string[] {
  const s = f.subject;
  if (s.kind === 'job') return [s.jobId];
  if (s.kind === 'fingerprint') return [s.fingerprint];
  if (s.kind === 'dataset') return [s.path];
  return [s.name, s.datasetPath].filter((w): w is string => w !== null);
}

/** Wrapping moves text to the next line, it never drops it: compare without whitespace. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

// The embedded store takes seconds to open in each process; the server store is quick when it is here.
const backend = testBackends().at(-1)!;

describe.skipIf(!ptyAvailable())(`the report in a terminal [${backend.name}]`, () => {
  let sim: RunningSimulator;
  let cli: CliStore;
  let findings: JsonFinding[];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, flavor: 'software-25.1', jobs: 600, days: 6, seed: 11 });
    cli = await seededCliStore(backend, async () => {});
    const collect = await runCli(['collect', '--profiles', '120'], {
      env: {
        ...cli.env,
        DREMIO_URL: sim.url,
        DREMIO_USERNAME: sim.credentials.userName,
        DREMIO_PASSWORD: sim.credentials.password,
      },
      cwd: cli.cwd,
    });
    expect(collect.exitCode, collect.stderr).toBe(0);
    const json = await runCli(['analyze', '--format', 'json'], { env: cli.env, cwd: cli.cwd });
    findings = JSON.parse(json.stdout).findings;
  }, 240_000);
  afterAll(async () => {
    await cli?.dispose();
    await sim?.stop();
  });

  for (const columns of [80, 160]) {
    it(`fits ${columns} columns, shows every title and subject whole, and colours severities`, async () => {
      // Long subjects are the point: the simulated catalog names datasets with quoted, spaced paths.
      expect(findings.length).toBeGreaterThan(5);
      expect(findings.some((f) => subjectWords(f).some((w) => w.length > 30))).toBe(true);

      const run = await runInPty(['analyze'], { columns, cwd: cli.cwd, env: { ...cli.env, HOME: cli.cwd } });
      expect(run.exitCode, run.output).toBe(0);
      const screen = stripAnsi(run.output).replaceAll('\r', '');
      for (const line of screen.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(columns);
      const squeezed = squeeze(screen);
      for (const f of findings) {
        expect(squeezed, `title of ${f.id}`).toContain(squeeze(f.title));
        for (const word of subjectWords(f)) expect(squeezed, `subject of ${f.id}`).toContain(squeeze(word));
      }
      expect(run.output).toMatch(COLOURED_SEVERITY);
    }, 120_000);
  }

  it('prints no colour at all with NO_COLOR, and the same text otherwise', async () => {
    const coloured = await runInPty(['analyze'], {
      columns: 120,
      cwd: cli.cwd,
      env: { ...cli.env, HOME: cli.cwd },
    });
    const plain = await runInPty(['analyze'], {
      columns: 120,
      cwd: cli.cwd,
      env: { ...cli.env, HOME: cli.cwd, NO_COLOR: '1' },
    });
    expect(plain.exitCode, plain.output).toBe(0);
    expect(coloured.output).toMatch(SGR);
    expect(plain.output).not.toMatch(SGR);
    const report = (output: string) =>
      stripAnsi(output)
        .replaceAll('\r', '')
        .split('\n')
        .filter((l) => !/^\s*(store|analyze|measure)\s/.test(l));
    expect(report(plain.output)).toEqual(report(coloured.output));
  }, 120_000);
});
