/**
 * The cost model's unit prices. A job's time is the sum of its operators' work at these rates, so
 * reading fewer rows (pruning), fewer files (OPTIMIZE) or a reflection instead of the table makes
 * the job faster by exactly the work it no longer does. Documented in docs/simulator.md.
 */
export const COST = {
  scanNsPerRow: 250,
  scanNsPerByte: 0.35,
  /** Object-store latency per data file opened; this is what makes many small files slow. */
  fileOpenWaitNs: 30_000_000,
  manifestNs: 2_500_000,
  splitNs: 400_000,
  filterNsPerRow: 15,
  projectNsPerRow: 8,
  aggNsPerRow: 120,
  joinNsPerInputRow: 110,
  joinNsPerOutputRow: 25,
  sortNsPerRowLog: 25,
  topNNsPerRow: 30,
  nljNsPerPair: 2,
  sendNsPerRow: 20,
  receiveNsPerRow: 8,
  screenNsPerRow: 200,
  writeNsPerRow: 150,
  /** Writing and reading back one spilled byte. */
  spillNsPerByte: 4,
  /** Records per Arrow batch. */
  batchRecords: 4095,
} as const;
