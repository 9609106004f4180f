/**
 * The cost model's unit prices. A job's time is the sum of its operators' work at these rates, so
 * reading fewer rows (pruning), fewer files (OPTIMIZE) or a reflection instead of the table makes
 * the job faster by exactly the work it no longer does. Documented in docs/simulator.md.
 */
export const COST = {
  scanNsPerRow: 55,
  scanNsPerByte: 0.35,
  /** Object-store latency per data file opened; this is what makes many small files slow. */
  fileOpenWaitNs: 9_000_000,
  manifestNs: 2_500_000,
  splitNs: 40_000,
  filterNsPerRow: 6,
  projectNsPerRow: 3,
  aggNsPerRow: 60,
  joinNsPerInputRow: 45,
  joinNsPerOutputRow: 9,
  sortNsPerRowLog: 14,
  topNNsPerRow: 12,
  nljNsPerPair: 1.2,
  sendNsPerRow: 9,
  receiveNsPerRow: 3,
  screenNsPerRow: 40,
  writeNsPerRow: 80,
  /** Writing and reading back one spilled byte. */
  spillNsPerByte: 4,
  /** Records per Arrow batch. */
  batchRecords: 4095,
} as const;
