import type { DremioDeployment } from '../domain/dremio-deployment.js';

/** What `check` verifies, in the order it reports them. */
export const CHECK_ITEMS = [
  'connection',
  'authentication',
  'deployment',
  'job-history',
  'profiles',
  'reflections',
  'catalog',
  'information-schema',
  'iceberg-metadata',
] as const;
export type CheckItem = (typeof CHECK_ITEMS)[number];

export interface CheckLine {
  readonly item: CheckItem;
  readonly ok: boolean;
  /** True when the item could not be tried (an earlier step failed, or nothing to try it on). */
  readonly skipped: boolean;
  readonly detail: string;
  /** The exact change that fixes a failure, naming the environment variable when one is at fault. */
  readonly fix?: string;
}

export interface CheckReport {
  /** True when every line that was tried passed. */
  readonly ok: boolean;
  readonly url: string;
  readonly authMethod: 'password' | 'pat';
  readonly deployment: DremioDeployment | undefined;
  readonly lines: readonly CheckLine[];
}

export function passed(item: CheckItem, detail: string): CheckLine {
  return { item, ok: true, skipped: false, detail };
}

export function failed(item: CheckItem, detail: string, fix: string): CheckLine {
  return { item, ok: false, skipped: false, detail, fix };
}

export function skipped(item: CheckItem, detail: string): CheckLine {
  return { item, ok: false, skipped: true, detail };
}
