/** One Dremio deployment. Every collected row belongs to exactly one cluster. */
export const CLUSTER_KINDS = ['software', 'cloud', 'unknown'] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

export interface Cluster {
  readonly id: bigint;
  readonly name: string;
  readonly kind: ClusterKind;
  readonly url: string | null;
  readonly projectId: string | null;
  readonly version: string | null;
  readonly edition: string | null;
}
