import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HotFunction {
  readonly name: string;
  /** The file, relative to the repository (tsx's transformed code carries no useful line numbers). */
  readonly where: string;
  readonly selfPercent: number;
}

interface ProfileNode {
  readonly callFrame: { functionName: string; url: string };
  readonly hitCount?: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function place(url: string): string {
  if (url === '') return '(native)';
  return url.startsWith('file://') ? relative(ROOT, fileURLToPath(url)) : url;
}

/**
 * Samples the CPU while `fn` runs (V8's profiler through node:inspector) and returns the functions
 * with the most self time, merged by name and place: where the time goes on a hot path.
 */
export async function hottestFunctions(fn: () => void | Promise<void>, top: number): Promise<HotFunction[]> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    await fn();
    const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
    const byPlace = new Map<string, { name: string; where: string; hits: number }>();
    let total = 0;
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      total += hits;
      const name = node.callFrame.functionName || '(anonymous)';
      if (name === '(idle)' || name === '(program)') continue;
      const where = place(node.callFrame.url);
      const key = `${name}@${where}`;
      const entry = byPlace.get(key) ?? { name, where, hits: 0 };
      entry.hits += hits;
      byPlace.set(key, entry);
    }
    return [...byPlace.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, selfPercent: total === 0 ? 0 : (100 * e.hits) / total }));
  } finally {
    session.disconnect();
  }
}
