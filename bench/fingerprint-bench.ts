import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint } from '../src/sql/fingerprint.js';
import type { BenchContext } from './bench-context.js';
import { type BenchRow, makeRow } from './bench-row.js';
import { buildFingerprintCorpus, buildShapesCorpus } from './fingerprint-corpus.js';
import { compareGroupings, type GroupingAgreement } from './grouping-agreement.js';
import { ensurePtFingerprint, type PtFingerprintRun, runPtFingerprint } from './pt-fingerprint.js';
import { bestOfAlternatingMs } from './timing.js';

const DISAGREEMENTS_FILE = 'fingerprint-disagreements.json';

/**
 * Fingerprint throughput against pt-fingerprint on one corpus, and how far the two tools group the same
 * queries together. Writes every disagreement to `results/fingerprint-disagreements.json`.
 */
export async function benchFingerprint(ctx: BenchContext): Promise<BenchRow[]> {
  const version = ensurePtFingerprint(ctx.log);
  const simulated = ctx.quick ? 20_000 : 100_000;
  ctx.log(`fingerprint: building the corpus (${simulated} simulated queries + the real fixtures)…`);
  const corpus = buildFingerprintCorpus(simulated);
  const { queries } = corpus;
  const input = `${queries.length} queries (${corpus.simulated} simulated, ${corpus.real} real), ${new Set(queries).size} distinct`;
  let ours: string[] = [];
  const ptRuns: PtFingerprintRun[] = [];
  const workFile = join(ctx.workDir, 'pt-corpus.sql');
  // Alternating, so both tools see the same changes in the shared machine's load.
  const { oursMs, referenceMs: ptMs } = bestOfAlternatingMs({
    ours: () => {
      ours = queries.map(fingerprint);
    },
    reference: () => {
      ptRuns.push(runPtFingerprint({ queries, workFile, version }));
    },
    passes: ctx.quick ? 1 : 2,
  });
  const agreement = compareGroupings({ ours, reference: ptRuns[0]!.fingerprints, samples: queries });
  const shapes = buildShapesCorpus();
  const shapesInput = `${shapes.length} queries: the Dremio SQL test corpus and the real queries, 3 literal variants each`;
  const shapesAgreement = compareGroupings({
    ours: shapes.map(fingerprint),
    reference: runPtFingerprint({ queries: shapes, workFile, version }).fingerprints,
    samples: shapes,
  });
  writeFileSync(
    join(ctx.resultsDir, ctx.quick ? DISAGREEMENTS_FILE.replace('.json', '-quick.json') : DISAGREEMENTS_FILE),
    `${JSON.stringify(
      [
        { input, reference: version, ...agreement },
        { input: shapesInput, reference: version, ...shapesAgreement },
      ],
      null,
      1,
    )}\n`,
  );
  return [
    makeRow({
      name: 'fingerprint',
      input,
      ours: queries.length / (oursMs / 1000),
      reference: queries.length / (ptMs / 1000),
      referenceName: `${version} (one process over a file, start-up included)`,
      unit: 'queries/s',
      goal: { value: 20, on: 'ratio', direction: 'higher' },
      details: { oursMs: Math.round(oursMs), referenceMs: Math.round(ptMs) },
      note: 'fastest pass of each after a warm-up, the two run alternately; ours in process, pt-fingerprint as one process over a file',
    }),
    agreementRow({ input, agreement, version }),
    agreementRow({ input: shapesInput, agreement: shapesAgreement, version }),
  ];
}

function agreementRow(options: {
  readonly input: string;
  readonly agreement: GroupingAgreement;
  readonly version: string;
}): BenchRow {
  const a = options.agreement;
  const splits = a.disagreements.filter((d) => d.kind === 'split').length;
  const merges = a.disagreements.filter((d) => d.kind === 'merge').length;
  return makeRow({
    name: 'fingerprint-agreement',
    input: options.input,
    ours: 100 * a.oursKeptByReference,
    reference: 100 * a.referenceKeptByOurs,
    referenceName: options.version,
    unit: '% of grouped pairs',
    details: {
      groupsOurs: a.groupsOurs,
      groupsReference: a.groupsReference,
      pairsOurs: a.pairsOurs,
      pairsReference: a.pairsReference,
      pairsBoth: a.pairsBoth,
      referenceGroupsWeSplit: splits,
      ourGroupsReferenceSplits: merges,
    },
    note: `ours = share of the pairs we group that pt-fingerprint also groups; reference = share of the pairs pt-fingerprint groups that we also group; every disagreement is in bench/results/${DISAGREEMENTS_FILE}`,
  });
}
