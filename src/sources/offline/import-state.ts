import type { UpsertCounts } from '../../store/index.js';
import { DOCUMENT_FORMATS, type DocumentFormat } from './detect-format.js';

export interface ImportProblem {
  /** `file`, `file:line`, `file: row N` or `file!member`. */
  readonly where: string;
  readonly reason: string;
}

export interface ImportSummary {
  readonly runId: bigint | null;
  readonly clusterName: string;
  readonly files: number;
  readonly documents: Readonly<Record<DocumentFormat, number>>;
  readonly jobs: UpsertCounts;
  readonly profiles: { readonly inserted: number; readonly updated: number; readonly unchanged: number };
  /** Tables and views read from catalog entries (written, or on a dry run counted). */
  readonly datasets: number;
  /** Records that could not be imported at all; any of them makes the import exit 3. */
  readonly problems: readonly ImportProblem[];
  /** Records imported without a value that could not be kept, symlink loops not followed, and the like. */
  readonly warnings: readonly ImportProblem[];
  /** Files met while walking a directory that are not Dremio files; skipped, not a problem. */
  readonly skipped: readonly ImportProblem[];
  readonly dryRun: boolean;
  /** Changes made by hand that the imported history shows (DDL jobs, rewritten query shapes). */
  readonly changes?: { readonly detected: number; readonly linked: number };
}

/** What an import has read, written, skipped and refused so far. */
export class ImportState {
  readonly problems: ImportProblem[] = [];
  readonly skipped: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  private readonly formats = Object.fromEntries(DOCUMENT_FORMATS.map((f) => [f, 0])) as Record<
    DocumentFormat,
    number
  >;
  private jobs = { inserted: 0, updated: 0, unchanged: 0 };
  private profiles = { inserted: 0, updated: 0, unchanged: 0 };
  private datasets = 0;

  get jobsRead(): number {
    return this.jobs.inserted + this.jobs.updated + this.jobs.unchanged;
  }
  problem(p: ImportProblem): void {
    this.problems.push(p);
  }
  addDataset(): void {
    this.datasets++;
  }
  warn(p: ImportProblem): void {
    this.warnings.push(p);
  }
  skip(p: ImportProblem): void {
    this.skipped.push(p);
  }
  count(format: DocumentFormat): void {
    this.formats[format]++;
  }
  addJobs(c: UpsertCounts): void {
    this.jobs = {
      inserted: this.jobs.inserted + c.inserted,
      updated: this.jobs.updated + c.updated,
      unchanged: this.jobs.unchanged + c.unchanged,
    };
  }
  addProfile(outcome: 'inserted' | 'updated' | 'unchanged'): void {
    this.profiles = { ...this.profiles, [outcome]: this.profiles[outcome] + 1 };
  }
  summary(meta: {
    runId: bigint | null;
    clusterName: string;
    files: number;
    dryRun: boolean;
  }): ImportSummary {
    return {
      ...meta,
      documents: { ...this.formats },
      jobs: this.jobs,
      profiles: this.profiles,
      datasets: this.datasets,
      problems: [...this.problems],
      skipped: [...this.skipped],
      warnings: [...this.warnings],
    };
  }
}
