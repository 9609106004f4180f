import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { finishJob } from '../sql/finish-job.js';
import { jobFromHistoryRow } from './history-row.js';

/** A `sys.project.history.jobs` row as a real Cloud project returns it (dremio-diagnostic-collector test data). */
const CLOUD_ROW = {
  job_id: '1d956036-df02-a335-a573-c4b281926000',
  status: 'COMPLETED',
  query_type: 'UI_PREVIEW',
  user_name: 'someone@example.com',
  queried_datasets: [
    { name: '"max-margalith-test-s3"."eks-test"."userdata1.csv"', type: 'PHYSICAL_DATASET_SOURCE_FILE' },
  ],
  scanned_datasets: null,
  execution_cpu_time_ns: 0,
  attempt_count: 1,
  submitted_ts: '2022-04-28 14:08:08.669',
  attempt_started_ts: '2022-04-28 14:08:08.669',
  metadata_retrieval_ts: null,
  planning_start_ts: '2022-04-28 14:08:08.791',
  query_enqueued_ts: '2022-04-28 14:08:09.658',
  engine_start_ts: null,
  execution_planning_start_ts: '2022-04-28 14:08:09.696',
  execution_start_ts: '2022-04-28 14:08:10.181',
  final_state_ts: '2022-04-28 14:08:10.542',
  submitted_epoch: 1651154888669000000n,
  attempt_started_epoch: 1651154888669000000n,
  metadata_retrieval_epoch: 0,
  planning_start_epoch: 1651154888791000000n,
  query_enqueued_epoch: 1651154889658000000n,
  engine_start_epoch: 0,
  execution_planning_start_epoch: 1651154889696000000n,
  execution_start_epoch: 1651154890181000000n,
  final_state_epoch: 1651154890542000000n,
  planner_estimated_cost: 1070000.0,
  rows_scanned: 0,
  bytes_scanned: 0,
  rows_returned: 0,
  bytes_returned: 0,
  accelerated: false,
  queue_name: 'SMALL',
  engine: 'preview',
  execution_nodes: null,
  memory_available: 0,
  error_msg: null,
  query: 'SELECT * FROM "userdata1.csv"',
  query_chunks: null,
  reflection_matches: null,
  starting_ts: null,
  starting_epoch: null,
};

function read(row: Record<string, unknown>) {
  const result = jobFromHistoryRow(row, { source: 'live', sourceRef: 'test' });
  if (!result.ok) throw new Error(result.reason);
  return result.job;
}

describe('jobFromHistoryRow', () => {
  it('fidelity-gaps #1: keeps the datasets of a real Cloud row whose lists hold {name, type} objects', () => {
    const job = read(CLOUD_ROW);
    expect(job.queriedDatasets).toEqual(['"max-margalith-test-s3"."eks-test"."userdata1.csv"']);
    expect(job.scannedDatasets).toEqual([]);
    expect(job.errorMessage).toBeNull();
    expect(job.timestamps.engineStartAt).toBeNull();
    expect(job.timestamps.startingAt).toBeNull();
  });

  it('fidelity-gaps #1: prints plain Cloud path parts unquoted, as Dremio prints paths elsewhere', () => {
    const job = read({
      ...CLOUD_ROW,
      queried_datasets: [{ name: '"lakehouse"."sales"."orders"', type: 'PHYSICAL_DATASET' }],
      scanned_datasets: [
        { name: '"lakehouse"."sales"."orders"', type: 'PHYSICAL_DATASET' },
        { name: '"Samples"."samples.dremio.com"."zips.json"', type: 'PHYSICAL_DATASET_SOURCE_FILE' },
      ],
    });
    expect(job.queriedDatasets).toEqual(['lakehouse.sales.orders']);
    expect(job.scannedDatasets).toEqual([
      'lakehouse.sales.orders',
      'Samples."samples.dremio.com"."zips.json"',
    ]);
  });

  const shapes = [
    { name: 'Software VARCHAR text (26.0.x and before)', value: '[sys.jobs, lakehouse.sales.orders]' },
    { name: 'an ARRAY of strings (Software 26.1+)', value: ['sys.jobs', 'lakehouse.sales.orders'] },
    {
      name: 'Cloud objects serialised as VARCHAR text',
      value:
        '[{"name":"\\"sys\\".\\"jobs\\"","type":"PHYSICAL_DATASET"},{"name":"\\"lakehouse\\".\\"sales\\".\\"orders\\"","type":"PHYSICAL_DATASET"}]',
    },
    { name: 'a JSON array of strings as text', value: '["sys.jobs", "lakehouse.sales.orders"]' },
  ];
  for (const shape of shapes) {
    it(`reads the dataset list from ${shape.name}`, () => {
      const job = read({ ...CLOUD_ROW, queried_datasets: shape.value });
      expect(job.queriedDatasets).toEqual(['sys.jobs', 'lakehouse.sales.orders']);
    });
  }

  it('keeps a comma inside a quoted path part of a VARCHAR list', () => {
    const job = read({ ...CLOUD_ROW, queried_datasets: '[src."a, b".t, x.y]' });
    expect(job.queriedDatasets).toEqual(['src."a, b".t', 'x.y']);
  });
});

describe('queue wait from a real sys.jobs_recent row', () => {
  const page = JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../test/fixtures/real/ddc/sys.jobs_recent.json', import.meta.url)),
      'utf8',
    ),
  ) as { rows: Record<string, unknown>[] };

  it('fidelity-gaps #2: engine start at the enqueue instant, the wait until execution planning is queueing', () => {
    // query_enqueued_ts = engine_start_ts = 08:24:18.031, execution_planning_ts = .040
    const job = finishJob(read(page.rows[1]!), { redactSql: false });
    expect(job.phases.queuedMs).toBe(9);
    expect(job.phases.engineStartMs ?? 0).toBe(0);
    expect(job.phases.planningMs).toBe(23);
  });

  it('fidelity-gaps #2: an engine start after the enqueue instant stays a phase of its own', () => {
    const job = finishJob(
      read({
        ...page.rows[1]!,
        engine_start_epoch_millis: 1714033458035,
        engine_start_ts: '2024-04-25 08:24:18.035',
      }),
      { redactSql: false },
    );
    expect(job.phases.queuedMs).toBe(4);
    expect(job.phases.engineStartMs).toBe(5);
  });
});
