import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { createWorld, SIMULATOR_DEFAULTS } from '../src/simulator/index.js';
import { REAL_FIXTURES } from './real-queries.js';
import { scaleProfile } from './scale-profile.js';

export interface ProfileInput {
  readonly label: string;
  /** Profile JSON texts, analysed one after another as one batch. */
  readonly texts: readonly string[];
  readonly bytes: number;
}

const SIMULATED_TARGET_BYTES = 100_000;

function realProfiles(): string[] {
  const read = (p: string) => readFileSync(new URL(p, REAL_FIXTURES));
  const texts = ['profile1.json', 'profile2.json', 'profileWithEmptyClientInfo.json'].map((name) =>
    read(`dqd/${name}`).toString('utf8'),
  );
  const bundle = unzipSync(read('dqd/testprofile.zip'));
  texts.push(strFromU8(bundle['profile_attempt_0.json']!));
  return texts;
}

/** The simulated profile (seed 1, default flavor, first 2000 jobs) whose size is closest to 100 KB. */
export function simulatedProfile(): string {
  const world = createWorld({ ...SIMULATOR_DEFAULTS, jobs: 2000 });
  let best: string | undefined;
  for (let i = 0; i < world.jobCount; i++) {
    const job = world.job(i);
    const text = job.hasProfile ? world.profileJson(job.jobId, 0) : undefined;
    if (text === undefined) continue;
    const distance = (t: string) => Math.abs(t.length - SIMULATED_TARGET_BYTES);
    if (best === undefined || distance(text) < distance(best)) best = text;
  }
  if (best === undefined) throw new Error('the simulator produced no profile in 2000 jobs');
  return best;
}

function input(label: string, texts: readonly string[]): ProfileInput {
  return { label, texts, bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0) };
}

/** Real fixtures, the ~100 KB simulated profile, and that profile scaled to 1 MB and 10 MB. */
export function profileInputs(): ProfileInput[] {
  const real = realProfiles();
  const simulated = simulatedProfile();
  const kb = (n: number) => `${Math.round(n / 1000)} KB`;
  return [
    input(`real profiles (${real.length} files, ${kb(real.reduce((n, t) => n + t.length, 0))})`, real),
    input(`simulated profile (${kb(simulated.length)})`, [simulated]),
    input('simulated profile scaled to 1 MB (more minor fragments)', [scaleProfile(simulated, 1_000_000)]),
    input('simulated profile scaled to 10 MB (more minor fragments)', [scaleProfile(simulated, 10_000_000)]),
  ];
}
