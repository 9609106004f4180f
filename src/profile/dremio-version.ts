/** A Dremio release as `major.minor`, e.g. `25.2` from `25.2.0-202410241428100111-a963b970`. */
export interface DremioRelease {
  readonly major: number;
  readonly minor: number;
}

/** The newest layout we know; used when a profile carries no `dremioVersion` (anonymised test files). */
export const LATEST_KNOWN_RELEASE: DremioRelease = { major: 25, minor: 2 };

/** Reads `major.minor` from a Dremio version string; unknown or empty text gives the newest known release. */
export function parseDremioRelease(dremioVersion: string | undefined): DremioRelease {
  const match = /^\s*(\d+)\.(\d+)/.exec(dremioVersion ?? '');
  if (match === null) return LATEST_KNOWN_RELEASE;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** True when `release` is at or after `major.minor`. */
export function isAtLeast(release: DremioRelease, major: number, minor: number): boolean {
  return release.major > major || (release.major === major && release.minor >= minor);
}
