/** The Dremio deployments the simulator can impersonate, and the facts that differ between them. */
export const FLAVORS = ['software-24.2', 'software-24.3', 'software-25.1', 'software-26', 'cloud'] as const;
export type Flavor = (typeof FLAVORS)[number];

export interface FlavorSpec {
  readonly flavor: Flavor;
  readonly kind: 'software' | 'cloud';
  /** What `/api/v3/info`, the login response and profiles report as `dremioVersion`. */
  readonly dremioVersion: string;
  /** Enterprise editions accept personal access tokens and list all reflections over REST. */
  readonly enterprise: boolean;
  /**
   * Workload Management (queues with rules, engines): Enterprise and Cloud. OSS has only its fixed
   * `SMALL`/`LARGE` queues and records no engine start (fidelity-gaps #2, #4).
   */
  readonly workloadManagement: boolean;
  /** Where a collector reads job history: a system table, or before 24.3 only the jobs-listing API. */
  readonly historyTable: 'sys.jobs_recent' | 'sys.project.history.jobs' | 'jobs-listing';
  /** Prefix for v3-style REST resources: `/api/v3` on Software, `/v0/projects/{projectId}` on Cloud. */
  readonly restPrefix: (projectId: string) => string;
}

export const FLAVOR_SPECS: Readonly<Record<Flavor, FlavorSpec>> = {
  'software-24.2': {
    flavor: 'software-24.2',
    kind: 'software',
    dremioVersion: '24.2.6-202311250456170399-68acbe47',
    enterprise: false,
    workloadManagement: false,
    // sys.jobs_recent arrived in 24.3; before it, sys.jobs holds only active jobs.
    historyTable: 'jobs-listing',
    restPrefix: () => '/api/v3',
  },
  'software-24.3': {
    flavor: 'software-24.3',
    kind: 'software',
    dremioVersion: '24.3.2-202401241821100032-d2d8a497',
    enterprise: false,
    workloadManagement: false,
    historyTable: 'sys.jobs_recent',
    restPrefix: () => '/api/v3',
  },
  'software-25.1': {
    flavor: 'software-25.1',
    kind: 'software',
    dremioVersion: '25.1.1-202409260159070462-a4ee8e43',
    enterprise: true,
    workloadManagement: true,
    historyTable: 'sys.jobs_recent',
    restPrefix: () => '/api/v3',
  },
  'software-26': {
    flavor: 'software-26',
    kind: 'software',
    dremioVersion: '26.0.5-202509091642240013-f5051a07',
    enterprise: true,
    workloadManagement: true,
    historyTable: 'sys.jobs_recent',
    restPrefix: () => '/api/v3',
  },
  cloud: {
    flavor: 'cloud',
    kind: 'cloud',
    dremioVersion: '26.1.0-cloud',
    enterprise: true,
    workloadManagement: true,
    historyTable: 'sys.project.history.jobs',
    restPrefix: (projectId) => `/v0/projects/${projectId}`,
  },
};

export function isFlavor(value: string): value is Flavor {
  return (FLAVORS as readonly string[]).includes(value);
}
