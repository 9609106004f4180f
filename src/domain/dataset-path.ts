// How dataset paths compare: one key per dataset, whatever the quoting or case it was written in.

const pathKeys = new Map<string, string>();
const PATH_KEYS_KEPT = 10_000;

/**
 * A dotted dataset path as Dremio compares it: without quotes, case-insensitive. Memoised: workload
 * detectors compare every job's few paths against every dataset, millions of calls over a few dozen
 * paths.
 */
export function datasetPathKey(path: string): string {
  let key = pathKeys.get(path);
  if (key === undefined) {
    if (pathKeys.size >= PATH_KEYS_KEPT) pathKeys.clear();
    key = path.replaceAll('"', '').toLowerCase();
    pathKeys.set(path, key);
  }
  return key;
}
