/** How an archive member is used: a profile attempt, the support header, a possible profile, or skipped. */
export type EntryRole =
  | { readonly kind: 'profile'; readonly attempt: number }
  | { readonly kind: 'header' }
  | { readonly kind: 'candidate' }
  | { readonly kind: 'skip' };

const ATTEMPT_FILE = /(?:^|\/)profile_attempt_(\d+)\.json$/;
const HEADER_FILE = /(?:^|\/)header\.json$/;
// Support bundles also carry prepared-statement profiles and server logs; neither is the query's profile.
const NOT_A_PROFILE = /(?:^|\/)(?:prepare_profile_attempt_\d+|log_attempt_\d+)\.json$/;

export function entryRole(name: string): EntryRole {
  const attempt = ATTEMPT_FILE.exec(name);
  if (attempt !== null) return { kind: 'profile', attempt: Number(attempt[1]) };
  if (HEADER_FILE.test(name)) return { kind: 'header' };
  if (NOT_A_PROFILE.test(name) || name.endsWith('/') || name.split('/').some((p) => p.startsWith('.'))) {
    return { kind: 'skip' };
  }
  return /\.json$/i.test(name) ? { kind: 'candidate' } : { kind: 'skip' };
}

/** True for an object that has the fields every QueryProfile carries. */
export function looksLikeProfile(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const keys = raw as Record<string, unknown>;
  if ('fragmentProfile' in keys || 'planPhases' in keys) return true;
  return 'id' in keys && ('query' in keys || 'plan' in keys || 'state' in keys || 'start' in keys);
}
