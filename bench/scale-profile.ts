type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function minorsOf(fragment: unknown): unknown[] | undefined {
  if (!isObject(fragment)) return undefined;
  const minors = fragment.minorFragmentProfile;
  return Array.isArray(minors) && minors.length > 0 ? minors : undefined;
}

/**
 * Grows a profile to at least `targetBytes` the way a wider cluster would: more minor fragments. Clones
 * are appended round-robin over the parallel major fragments (those already running more than one minor,
 * or every fragment when none does), each a copy of an existing minor with the next free
 * `minorFragmentId`, so operators, plan and totals keep their shape. Deterministic: the same profile and
 * target give the same bytes. Returns the text unchanged when it is already big enough.
 */
export function scaleProfile(profileJson: string, targetBytes: number): string {
  const baseBytes = Buffer.byteLength(profileJson);
  if (baseBytes >= targetBytes) return profileJson;
  const profile: unknown = JSON.parse(profileJson);
  if (!isObject(profile) || !Array.isArray(profile.fragmentProfile)) {
    throw new Error('cannot scale a profile without a fragmentProfile array');
  }
  const fragments = profile.fragmentProfile.filter((f) => minorsOf(f) !== undefined) as Json[];
  const parallel = fragments.filter((f) => (minorsOf(f)?.length ?? 0) > 1);
  const growing = (parallel.length > 0 ? parallel : fragments).map((fragment) => {
    const minors = minorsOf(fragment)!;
    return {
      minors,
      originals: minors.slice(),
      texts: minors.map((m) => JSON.stringify(m)),
      nextId: Math.max(...minors.map((m) => (isObject(m) ? Number(m.minorFragmentId) || 0 : 0))) + 1,
    };
  });
  if (growing.length === 0) throw new Error('cannot scale a profile with no minor fragments');
  let bytes = baseBytes;
  let added = 0;
  for (let round = 0; bytes < targetBytes; round++) {
    for (const g of growing) {
      const source = g.originals[round % g.originals.length] as Json;
      const clone = { ...source, minorFragmentId: g.nextId++ };
      g.minors.push(clone);
      // The clone's text differs from its source only in the id digits; a close estimate is enough here.
      bytes += Buffer.byteLength(g.texts[round % g.texts.length]!) + 1;
      added++;
      if (bytes >= targetBytes) break;
    }
  }
  if (typeof profile.totalFragments === 'number') profile.totalFragments += added;
  if (typeof profile.finishedFragments === 'number') profile.finishedFragments += added;
  return JSON.stringify(profile);
}
