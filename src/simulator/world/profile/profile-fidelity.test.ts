import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../../../json/lossless-json.js';
import { createWorld } from '../../create-world.js';
import { FLAVORS } from '../../flavor.js';
import { testWorldOptions } from '../test-world.js';

const REAL = fileURLToPath(new URL('../../../../test/fixtures/real/dqd/profile1.json', import.meta.url));

/** Keys Dremio added after 21.6 (the real sample's version) or that the sample leaves empty. */
const NEWER_OR_EMPTY_IN_SAMPLE: readonly { readonly prefix: string; readonly why: string }[] = [
  {
    prefix: '.fragmentProfile[].minorFragmentProfile[].operatorProfile[].outputRecords',
    why: 'OperatorProfile 24.x',
  },
  {
    prefix: '.fragmentProfile[].minorFragmentProfile[].operatorProfile[].outputBytes',
    why: 'OperatorProfile 24.x',
  },
  { prefix: '.numJoinsInUserQuery', why: 'QueryProfile field 42, 24.3' },
  { prefix: '.numJoinsInFinalPrel', why: 'QueryProfile field 43, 24.3' },
  { prefix: '.accelerationProfile.layoutProfiles[]', why: 'the sample used no reflection' },
  { prefix: '.resourceSchedulingProfile.engineName', why: 'engines (Cloud, Kubernetes)' },
  { prefix: '.datasetProfile[].sql', why: 'view datasets; the sample read a file' },
  { prefix: '.operatorTypeMetricsMap.metricsDef[].metricDef[].aggregationType', why: 'MetricDef, §5.6' },
  { prefix: '.error', why: 'failed jobs only' },
  { prefix: '.verboseError', why: 'failed jobs only' },
  { prefix: '.errorId', why: 'failed jobs only' },
  { prefix: '.errorNode', why: 'failed jobs only' },
  { prefix: '.cancelReason', why: 'cancelled jobs only' },
];

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}

function keyTypes(value: unknown, path = '', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (Array.isArray(value)) {
    for (const item of value) keyTypes(item, `${path}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}.${key}`;
      const types = out.get(childPath) ?? new Set<string>();
      types.add(jsonType(child));
      out.set(childPath, types);
      keyTypes(child, childPath, out);
    }
  }
  return out;
}

const real = keyTypes(JSON.parse(readFileSync(REAL, 'utf8')));

describe('profile fidelity against the real dqd/profile1.json', () => {
  for (const flavor of FLAVORS) {
    it(`${flavor}: every key exists in the real profile with the same JSON type`, () => {
      const world = createWorld(testWorldOptions({ flavor, jobs: 1500 }));
      const seen = new Map<string, Set<string>>();
      const templates = new Set<string>();
      for (let i = 0; i < world.jobCount; i++) {
        const job = world.job(i);
        if (templates.has(job.template)) continue;
        templates.add(job.template);
        keyTypes(parseLosslessJson(world.profileJson(job.jobId, 0) ?? 'null'), '', seen);
      }
      expect(templates.size).toBeGreaterThan(35);
      for (const [path, types] of seen) {
        const expected = real.get(path);
        if (expected === undefined) {
          expect(
            NEWER_OR_EMPTY_IN_SAMPLE.some((k) => path.startsWith(k.prefix)),
            `unexpected key ${path}`,
          ).toBe(true);
          continue;
        }
        for (const type of types)
          expect(expected.has(type), `${path} is ${type}, real is ${[...expected]}`).toBe(true);
      }
      for (const key of [
        '.id.part1',
        '.plan',
        '.stateList[].state',
        '.planPhases[].durationMillis',
        '.operatorTypeMetricsMap',
      ]) {
        expect(seen.has(key), key).toBe(true);
      }
    });
  }

  it('writes 64-bit id halves beyond 2^53 as bare JSON numbers', () => {
    const world = createWorld(testWorldOptions({ jobs: 200 }));
    const texts = Array.from({ length: 50 }, (_, i) => world.profileJson(world.job(i).jobId, 0) ?? '');
    const big = texts.filter((t) => /"part1":-?\d{17,}/.test(t));
    expect(big.length).toBeGreaterThan(25);
    const parsed = parseLosslessJson(big[0] ?? '') as { id: { part1: bigint; part2: bigint } };
    const hex = (v: bigint) => BigInt.asUintN(64, v).toString(16).padStart(16, '0');
    const id = `${hex(parsed.id.part1)}${hex(parsed.id.part2)}`;
    const job = Array.from({ length: 50 }, (_, i) => world.job(i)).find(
      (j) => j.jobId.replaceAll('-', '') === id,
    );
    expect(job).toBeDefined();
  });

  it('fidelity-gaps #5: names HashJoin SPILL_COUNT 30 before 25.1, 31 in 25.1 and 29 from 25.2', () => {
    const ids = { 'software-24.3': 30, 'software-25.1': 31, 'software-26': 29 } as const;
    for (const [flavor, id] of Object.entries(ids)) {
      const world = createWorld(testWorldOptions({ flavor: flavor as keyof typeof ids, jobs: 50 }));
      const profile = JSON.parse(world.profileJson(world.job(0).jobId, 0) ?? '{}') as {
        operatorTypeMetricsMap: { metricsDef: { metricDef: { id: number; name: string }[] }[] };
      };
      const hashJoin = profile.operatorTypeMetricsMap.metricsDef[4]?.metricDef ?? [];
      expect(hashJoin.find((m) => m.name === 'SPILL_COUNT')?.id, flavor).toBe(id);
    }
  });
});
