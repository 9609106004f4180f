import type { AccelerationSummary, DatasetRef, ReflectionType } from '../domain/profile-summary.js';
import { asArray, asBoolean, asNumber, asObject, asString } from './raw-access.js';

const REFLECTION_TYPE_BY_NUMBER: Readonly<Record<number, ReflectionType>> = {
  1: 'RAW',
  2: 'AGG',
  3: 'EXTERNAL',
};

/**
 * Reflections from `accelerationProfile.layoutProfiles`: every entry was considered, one with
 * `numSubstitutions > 0` matched, one with `numUsed > 0` was chosen for the final plan.
 */
export function summarizeAcceleration(accelerationProfile: unknown): AccelerationSummary {
  const raw = asObject(accelerationProfile);
  return {
    accelerated: asBoolean(raw.accelerated),
    substitutions: asNumber(raw.numSubstitutions),
    gettingMaterializationsMs: asNumber(raw.millisTakenGettingMaterializations),
    normalizingMs: asNumber(raw.millisTakenNormalizing),
    substitutingMs: asNumber(raw.millisTakenSubstituting),
    reflections: asArray(raw.layoutProfiles).map((entry) => {
      const layout = asObject(entry);
      const substitutions = asNumber(layout.numSubstitutions);
      return {
        reflectionId: asString(layout.layoutId),
        materializationId: asString(layout.materializationId),
        name: asString(layout.name),
        type: REFLECTION_TYPE_BY_NUMBER[asNumber(layout.type)] ?? 'UNKNOWN',
        considered: true,
        matched: substitutions > 0,
        chosen: asNumber(layout.numUsed) > 0,
        substitutions,
        substitutingMs: asNumber(layout.millisTakenSubstituting),
      };
    }),
  };
}

/** Datasets the query touched (`datasetProfile`), once each: DatasetType 1 is physical, 2 virtual. */
export function summarizeDatasets(datasetProfile: unknown): readonly DatasetRef[] {
  const seen = new Map<string, DatasetRef>();
  for (const entry of asArray(datasetProfile)) {
    const raw = asObject(entry);
    const path = asString(raw.datasetPath);
    const type = asNumber(raw.type);
    const kind = type === 1 ? 'physical' : type === 2 ? 'virtual' : 'unknown';
    const key = `${kind}\u0000${path}`;
    if (path === '' || seen.has(key)) continue;
    const sql = asString(raw.sql);
    seen.set(key, { path, kind, sql: sql === '' ? undefined : sql });
  }
  return [...seen.values()];
}
