/** What the parent tells a collector or analysis child process (passed as one JSON argument). */
export interface CollectChildArgs {
  readonly mode: 'collect' | 'baseline';
  readonly url: string;
  readonly userName: string;
  readonly password: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly profiles: number;
  readonly maxRequestsPerSecond: number;
}
