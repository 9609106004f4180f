/**
 * Recognising a run Dremio answered from its results cache (Cloud: on by default; Software: Enterprise,
 * off by default since 25.2.16). History carries no cache flag we can rely on before 26.1, so a hit is
 * recognised by what it does: it completes without acceleration and scans nothing although its shape
 * normally reads data. A hit is not a run a change could speed up, so baselines, savings and
 * measurements leave it out.
 */

/** What the rule reads of a run: a stored job and a measured run both have it. */
export interface CacheHitSigns {
  readonly state: string | null;
  readonly accelerated: boolean | null;
  readonly rowsScanned: number | bigint | null;
  readonly bytesScanned: number | bigint | null;
}

function scannedSomething(run: CacheHitSigns): boolean {
  return Number(run.rowsScanned ?? 0) > 0 || Number(run.bytesScanned ?? 0) > 0;
}

/** Both counts unknown: a source that lost them, not evidence of a hit. */
function scanUnknown(run: CacheHitSigns): boolean {
  return run.rowsScanned === null && run.bytesScanned === null;
}

/** True when the run looks answered from the results cache; `shapeScans`: its shape normally reads data. */
export function isResultsCacheHit(run: CacheHitSigns, shapeScans: boolean): boolean {
  return (
    run.state === 'COMPLETED' &&
    run.accelerated !== true &&
    !scanUnknown(run) &&
    !scannedSomething(run) &&
    shapeScans
  );
}

/**
 * The shapes that read data: at least one completed run scanned rows or bytes, or was served by a
 * reflection. Any such run is enough, not most: a dashboard reloaded by its owner is answered from the
 * cache more often than it executes, and its hits must still count as hits.
 */
export function shapesThatScan<R extends CacheHitSigns>(
  runs: readonly R[],
  shapeOf: (run: R) => string | null,
): Set<string> {
  const scanning = new Set<string>();
  for (const run of runs) {
    const shape = shapeOf(run);
    if (shape === null || run.state !== 'COMPLETED') continue;
    if (scannedSomething(run) || run.accelerated === true) scanning.add(shape);
  }
  return scanning;
}
