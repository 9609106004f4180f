import type { DeploymentKind, DremioDeployment } from '../domain/dremio-deployment.js';
import { atLeast, cloudHistoryColumns, jobsRecentColumns } from './history-columns.js';

export interface DeploymentFacts {
  readonly kind: DeploymentKind;
  /** As reported by `/api/v3/info` or the login response; `unknown` when neither told us. */
  readonly version: string;
  readonly enterprise: boolean;
  readonly projectId: string;
}

export interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const VERSION_PATTERN = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/;

/** Reads `25.1.1-2024…-a4ee8e43` as 25.1.1; anything unreadable becomes 0.0.0 (treated as oldest). */
export function parseDremioVersion(version: string): ParsedVersion {
  const match = VERSION_PATTERN.exec(version);
  if (!match) return { major: 0, minor: 0, patch: 0 };
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/**
 * Turns detected facts into the per-version choices every reader needs. Cloud always runs the newest
 * engine, so an unreported Cloud version is treated as current rather than as old.
 */
export function deploymentFromFacts(facts: DeploymentFacts): DremioDeployment {
  const parsed = parseDremioVersion(facts.version);
  if (facts.kind === 'cloud') {
    return {
      ...facts,
      ...parsed,
      historyTable: 'sys.project.history.jobs',
      historyColumns: cloudHistoryColumns(),
      historyEpochUnit: 'ns',
      datasetListsAreArrays: true,
      reflectionSource: 'rest',
      reflectionsTable: 'sys.project.reflections',
      profileSource: 'zip',
    };
  }
  const hasJobsRecent = atLeast(parsed, 24, 3);
  return {
    ...facts,
    ...parsed,
    historyTable: hasJobsRecent ? 'sys.jobs_recent' : 'jobs-listing',
    historyColumns: hasJobsRecent ? jobsRecentColumns(parsed) : [],
    historyEpochUnit: 'ms',
    datasetListsAreArrays: atLeast(parsed, 26, 1),
    reflectionSource: facts.enterprise ? 'rest' : 'sys-table',
    reflectionsTable: 'sys.reflections',
    profileSource: 'json',
  };
}
