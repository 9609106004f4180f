/** Who runs queries, from which tools, and which WLM queues and engines serve them. */
import type { ClientDef, QueueDef } from './model.js';

export const CLIENT_KEYS = [
  'tableau',
  'powerbi',
  'ui',
  'ui-preview',
  'rest',
  'jdbc',
  'flight',
  'internal',
] as const;
export type ClientKey = (typeof CLIENT_KEYS)[number];

export const CLIENTS: Readonly<Record<ClientKey, ClientDef>> = {
  tableau: {
    name: 'Tableau Desktop (ODBC)',
    queryType: 'ODBC',
    clientName: 'Dremio ODBC Driver',
    clientVersion: '1.5.4.1002',
    wlmQueryType: 'ODBC',
  },
  powerbi: {
    name: 'Power BI (Arrow Flight)',
    queryType: 'FLIGHT',
    clientName: 'Arrow Flight SQL ODBC Driver',
    clientVersion: '0.9.1.168',
    wlmQueryType: 'Flight',
  },
  ui: {
    name: 'Dremio UI',
    queryType: 'UI_RUN',
    clientName: 'Dremio UI',
    clientVersion: '',
    wlmQueryType: 'UI Run',
  },
  'ui-preview': {
    name: 'Dremio UI preview',
    queryType: 'UI_PREVIEW',
    clientName: 'Dremio UI',
    clientVersion: '',
    wlmQueryType: 'UI Preview',
  },
  rest: {
    name: 'REST API',
    queryType: 'REST',
    clientName: 'REST API',
    clientVersion: '',
    wlmQueryType: 'REST',
  },
  jdbc: {
    name: 'DBeaver (JDBC)',
    queryType: 'JDBC',
    clientName: 'Dremio JDBC Driver',
    clientVersion: '24.3.0',
    wlmQueryType: 'JDBC',
  },
  flight: {
    name: 'pyarrow Flight',
    queryType: 'FLIGHT',
    clientName: 'Arrow Flight',
    clientVersion: '15.0.2',
    wlmQueryType: 'Flight',
  },
  internal: {
    name: 'Reflection refresh',
    queryType: 'ACCELERATOR_CREATE',
    clientName: '',
    clientVersion: '',
    wlmQueryType: 'Reflection Refresh',
  },
};

export const USERS = {
  analysts: ['alice.chen', 'ravi.patel', 'maria.gomez', 'tom.becker'],
  bi: ['tableau_svc', 'powerbi_svc'],
  finance: ['carol.wu', 'finance_reporting'],
  engineers: ['dave.okafor', 'etl_svc', 'airflow_svc'],
  scientists: ['erin.novak', 'kenji.sato'],
  ops: ['frank.muller', 'ops_dashboard'],
  system: ['$dremio$'],
} as const;

export const QUEUE_NAMES = [
  'High Cost User Queries',
  'Low Cost User Queries',
  'UI Previews',
  'High Cost Reflections',
  'Low Cost Reflections',
] as const;

/** OSS has no Workload Management, only these fixed queues, each with its name as its id (fidelity-gaps #4). */
export const OSS_QUEUE_NAMES = ['SMALL', 'LARGE', 'REFLECTION_SMALL', 'REFLECTION_LARGE'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number] | (typeof OSS_QUEUE_NAMES)[number];

/** The WLM cost line between the low- and high-cost queues (Dremio's default rule). */
export const HIGH_COST_THRESHOLD = 30_000_000;

export const QUEUES: Readonly<Record<QueueName, QueueDef>> = {
  'High Cost User Queries': {
    name: 'High Cost User Queries',
    id: '3f5a8c1e-7b42-4d6a-9e1f-0c2b4a6d8e01',
    ruleContent: `query_cost() >= ${HIGH_COST_THRESHOLD}`,
  },
  'Low Cost User Queries': {
    name: 'Low Cost User Queries',
    id: '20b74c09-abd0-49f8-b343-e335e45d2157',
    ruleContent: `query_cost() < ${HIGH_COST_THRESHOLD}`,
  },
  'UI Previews': {
    name: 'UI Previews',
    id: '8d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f',
    ruleContent: "query_type() = 'UI Preview'",
  },
  'High Cost Reflections': {
    name: 'High Cost Reflections',
    id: '6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e9f',
    ruleContent: `query_type() = 'Reflection Refresh' AND query_cost() >= ${HIGH_COST_THRESHOLD}`,
  },
  'Low Cost Reflections': {
    name: 'Low Cost Reflections',
    id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    ruleContent: `query_type() = 'Reflection Refresh' AND query_cost() < ${HIGH_COST_THRESHOLD}`,
  },
  SMALL: { name: 'SMALL', id: 'SMALL', ruleContent: '' },
  LARGE: { name: 'LARGE', id: 'LARGE', ruleContent: '' },
  REFLECTION_SMALL: { name: 'REFLECTION_SMALL', id: 'REFLECTION_SMALL', ruleContent: '' },
  REFLECTION_LARGE: { name: 'REFLECTION_LARGE', id: 'REFLECTION_LARGE', ruleContent: '' },
};

/** The queue a job row names, or undefined for no queue (a job that stopped while planning). */
export function queueNamed(name: string): QueueDef | undefined {
  return Object.hasOwn(QUEUES, name) ? QUEUES[name as QueueName] : undefined;
}

/** Engines exist on Dremio Cloud and Kubernetes Enterprise; OSS 24.3 reports an empty engine. */
export const ENGINES = {
  bi: 'bi-engine',
  etl: 'etl-engine',
  reflections: 'reflection-engine',
} as const;

/** Coordinator and executors every profile's endpoints name. */
export const NODES = {
  coordinator: 'dremio-coordinator-0.dremio-cluster-pod.dremio.svc.cluster.local',
  executors: [
    'dremio-executor-0.dremio-cluster-pod.dremio.svc.cluster.local',
    'dremio-executor-1.dremio-cluster-pod.dremio.svc.cluster.local',
    'dremio-executor-2.dremio-cluster-pod.dremio.svc.cluster.local',
    'dremio-executor-3.dremio-cluster-pod.dremio.svc.cluster.local',
  ],
  fabricPort: 45678,
  userPort: 31010,
  coresPerNode: 16,
  maxDirectMemoryBytes: 68_719_476_736,
} as const;
