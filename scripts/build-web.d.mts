/** Bundles the dashboard into `outDir` (default dist/web) and resolves to that directory. */
export function buildWeb(outDir?: string): Promise<string>;
