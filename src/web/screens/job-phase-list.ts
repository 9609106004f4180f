/** Dremio's attempt states as the API reports them per job (GET /api/v1/jobs/{id} `phases`). */
export interface Phases {
  readonly pendingMs: number | null;
  readonly metadataRetrievalMs: number | null;
  readonly planningMs: number | null;
  readonly queuedMs: number | null;
  readonly engineStartMs: number | null;
  readonly executionPlanningMs: number | null;
  readonly startingMs: number | null;
  readonly runningMs: number | null;
}

/** Dremio's attempt states in the order a job passes through them. */
export const PHASES: readonly { key: keyof Phases; label: string }[] = [
  { key: 'pendingMs', label: 'Pending' },
  { key: 'metadataRetrievalMs', label: 'Metadata retrieval' },
  { key: 'planningMs', label: 'Planning' },
  { key: 'queuedMs', label: 'Queued' },
  { key: 'engineStartMs', label: 'Engine start' },
  { key: 'executionPlanningMs', label: 'Execution planning' },
  { key: 'startingMs', label: 'Starting' },
  { key: 'runningMs', label: 'Running' },
];
