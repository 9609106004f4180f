import { describe, expect, it } from 'vitest';
import { createWorld } from '../../create-world.js';
import type { SimJob } from '../../world.js';
import { testWorldOptions } from '../test-world.js';

interface Op {
  operatorId: number;
  operatorType: number;
  outputRecords?: number;
  inputProfile: { records?: number }[];
  processNanos?: number;
}
interface Profile {
  start: number;
  end: number;
  plan: string;
  planningStart: number;
  planningEnd: number;
  stateList: { state: number; startTime: number }[];
  planPhases: { phaseName: string; durationMillis: number }[];
  fragmentProfile: {
    majorFragmentId: number;
    minorFragmentProfile: { operatorProfile: Op[]; blockedOnDownstreamDuration: number }[];
  }[];
  accelerationProfile: {
    accelerated: boolean;
    layoutProfiles: { layoutId: string; numUsed: number; numSubstitutions: number }[];
  };
}

const world = createWorld(testWorldOptions({ jobs: 1200 }));
const sample: SimJob[] = [];
const seenTemplates = new Map<string, number>();
for (let i = 0; i < world.jobCount; i++) {
  const job = world.job(i);
  const n = seenTemplates.get(job.template) ?? 0;
  if (n < 3) sample.push(job);
  seenTemplates.set(job.template, n + 1);
}
const profiles = sample.map((job) => ({
  job,
  p: JSON.parse(world.profileJson(job.jobId, 0) ?? '{}') as Profile,
}));

/** `MM-OO` → its minors' operator profiles. */
function opsById(p: Profile): Map<string, Op[]> {
  const out = new Map<string, Op[]>();
  for (const f of p.fragmentProfile) {
    f.minorFragmentProfile.forEach((minor) => {
      for (const op of minor.operatorProfile) {
        const id = `${String(f.majorFragmentId).padStart(2, '0')}-${String(op.operatorId).padStart(2, '0')}`;
        out.set(id, [...(out.get(id) ?? []), op]);
      }
    });
  }
  return out;
}

/** Parent → children ids from the plan text's indentation. */
function planEdges(plan: string): { parent: string; child: string }[] {
  const stack: { id: string; indent: number }[] = [];
  const edges: { parent: string; child: string }[] = [];
  for (const line of plan.split('\n')) {
    const m = /^(\d\d-\d\d)( +)/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const indent = m[2].length;
    while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
    const parent = stack.at(-1);
    if (parent) edges.push({ parent: parent.id, child: m[1] });
    stack.push({ id: m[1], indent });
  }
  return edges;
}

const total = (ops: Op[] | undefined, f: (op: Op) => number) =>
  (ops ?? []).reduce((sum, op) => sum + f(op), 0);

describe('profiles agree with themselves and with the job row', () => {
  it('covers every template', () => {
    expect(new Set(sample.map((j) => j.template)).size).toBe(seenTemplates.size);
  });

  it('feeds each operator exactly its child’s output, minor by minor and across exchanges', () => {
    for (const { job, p } of profiles) {
      if (!p.plan) continue;
      const ops = opsById(p);
      for (const { parent, child } of planEdges(p.plan)) {
        const parentOps = ops.get(parent) ?? [];
        const sameFragment = parent.slice(0, 2) === child.slice(0, 2);
        if (sameFragment) {
          const index = planEdges(p.plan)
            .filter((e) => e.parent === parent)
            .findIndex((e) => e.child === child);
          (ops.get(child) ?? []).forEach((c, minor) => {
            expect(parentOps[minor]?.inputProfile[index]?.records, `${job.template} ${parent}←${child}`).toBe(
              c.outputRecords,
            );
          });
        } else {
          const sender = ops.get(`${child.slice(0, 2)}-00`);
          const first = ops.get(child);
          (first ?? []).forEach((c, minor) => {
            expect(sender?.[minor]?.inputProfile[0]?.records, `${job.template} sender ${child}`).toBe(
              c.outputRecords,
            );
          });
          const sent = total(sender, (op) => op.outputRecords ?? 0);
          const received = total(parentOps, (op) => op.outputRecords ?? 0);
          if (!p.plan.includes('BroadcastExchange')) expect(received, `${job.template} ${parent}`).toBe(sent);
        }
      }
    }
  });

  it('matches the row: rows scanned = scan outputs, rows returned = screen output', () => {
    for (const { job, p } of profiles) {
      if (!p.plan || job.finalState !== 'COMPLETED') continue;
      const ops = [...opsById(p).values()].flat();
      const scanned = ops
        .filter((op) => op.operatorType === 53)
        .reduce((s, op) => s + (op.outputRecords ?? 0), 0);
      expect(BigInt(scanned), job.template).toBe(job.rowsScanned);
      expect(BigInt(total(opsById(p).get('00-00'), (op) => op.outputRecords ?? 0)), job.template).toBe(
        job.rowsReturned,
      );
    }
  });

  it('matches the row’s phases: start, end, state list, planning phases', () => {
    for (const { job, p } of profiles) {
      expect(p.start).toBe(job.submittedEpochMs);
      expect(p.end).toBe(job.phases.finalState);
      const at = (state: number) => p.stateList.find((s) => s.state === state)?.startTime;
      expect(at(3)).toBe(job.phases.planningStart);
      if (job.phases.queryEnqueued > 0) {
        expect(at(4)).toBe(job.phases.queryEnqueued);
        expect(at(5)).toBe(job.phases.engineStart);
        expect(at(7)).toBe(job.phases.executionStart);
        expect(p.planningEnd).toBe(job.phases.queryEnqueued);
      }
      const planning = p.planPhases
        .filter((ph) => !ph.phaseName.startsWith('Execution Plan') && !ph.phaseName.startsWith('Fragment'))
        .reduce((s, ph) => s + ph.durationMillis, 0);
      expect(planning, job.template).toBe(p.planningEnd - p.planningStart);
      const times = p.stateList.map((s) => s.startTime);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('reports reflections as the job does: CHOSEN ⇔ numUsed > 0, MATCHED ⇔ numSubstitutions > 0', () => {
    let chosen = 0;
    for (const { job, p } of profiles) {
      expect(p.accelerationProfile.accelerated).toBe(job.accelerated);
      for (const rel of job.reflectionRelationships) {
        const layout = p.accelerationProfile.layoutProfiles.find((l) => l.layoutId === rel.reflectionId);
        expect(layout, job.template).toBeDefined();
        expect((layout?.numUsed ?? 0) > 0).toBe(rel.relationship === 'CHOSEN');
        expect((layout?.numSubstitutions ?? 0) > 0).toBe(rel.relationship !== 'CONSIDERED');
        if (rel.relationship === 'CHOSEN') chosen++;
      }
    }
    expect(chosen).toBeGreaterThan(3);
  });

  it('puts execution time where the wall clock says: the root fragment lasts until the final state', () => {
    for (const { job, p } of profiles) {
      if (!p.plan || job.finalState !== 'COMPLETED') continue;
      const cpuMs = [...opsById(p).values()].flat().reduce((s, op) => s + (op.processNanos ?? 0), 0) / 1e6;
      expect(Math.abs(cpuMs - job.executionCpuTimeMs), job.template).toBeLessThanOrEqual(1 + cpuMs * 0.01);
    }
  });
});
