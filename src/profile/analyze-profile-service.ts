import type { Finding } from '../domain/finding.js';
import type { ProfileSummary } from '../domain/profile-summary.js';
import type { ArchiveLimits } from './archive-limits.js';
import { findProfileFiles } from './find-profile-files.js';
import { byAttempt, profileEntries } from './read-profile-file.js';
import { summarizeProfile } from './summarize.js';

export interface AnalyzedProfile {
  /** The file, or `file!entry` inside an archive. */
  readonly file: string;
  readonly jobId: string;
  readonly attempt: number;
  readonly summary: ProfileSummary;
  /** What the job-scope detectors found (empty when no `findings` step was given). */
  readonly findings: readonly Finding[];
}

export interface ProfileFileError {
  readonly file: string;
  readonly message: string;
  readonly code: string;
  /** What to do about it, when there is something to do. */
  readonly hint?: string;
}

export interface AnalyzeProfilesResult {
  readonly profiles: readonly AnalyzedProfile[];
  readonly errors: readonly ProfileFileError[];
}

export interface AnalyzeProfilesOptions {
  readonly limits?: Partial<ArchiveLimits>;
  /**
   * Runs the detectors on each summary; passed in by the caller (`profileFindingsStep` in
   * `analysis/`) so this stage does not depend on the later analysis stage.
   */
  readonly findings?: (summary: ProfileSummary) => readonly Finding[];
}

/**
 * Reads and summarises every profile attempt in the given files (a directory stands for the profile
 * files at any depth below it; one without any is an error). Files are handled one at a time and a bad
 * one is recorded in `errors` without stopping the others.
 *
 * @example
 * const { profiles, errors } = await analyzeProfileFiles(['job.zip', 'profiles/']);
 */
export async function analyzeProfileFiles(
  paths: readonly string[],
  options: AnalyzeProfilesOptions = {},
): Promise<AnalyzeProfilesResult> {
  const profiles: AnalyzedProfile[] = [];
  const found = await findProfileFiles(paths);
  const errors: ProfileFileError[] = found.errors.map((error) => fileError(error, error.file ?? ''));
  for (const file of found.files) {
    // One attempt's raw profile in memory at a time; only the (small) summaries are kept.
    const ofFile: AnalyzedProfile[] = [];
    for (const outcome of await profileEntries(file, options.limits)) {
      if (outcome.error !== undefined) {
        errors.push(fileError(outcome.error, file));
        continue;
      }
      const entry = outcome.profile;
      try {
        const summary = summarizeProfile(entry.raw, { attempt: entry.attempt });
        ofFile.push({
          file: entry.source,
          jobId: summary.jobId,
          attempt: entry.attempt,
          summary,
          findings: options.findings?.(summary) ?? [],
        });
      } catch (cause) {
        // summarizeProfile is built not to throw; if it ever does, keep the batch going and say where.
        const message = cause instanceof Error ? cause.message : String(cause);
        errors.push({
          file: entry.source,
          message: `Could not summarise the profile: ${message}`,
          code: 'INTERNAL',
        });
      }
    }
    profiles.push(...ofFile.sort((a, b) => byAttempt({ ...a, source: a.file }, { ...b, source: b.file })));
  }
  return { profiles, errors };
}

function fileError(
  error: { readonly file?: string; readonly message: string; readonly code: string; readonly hint?: string },
  fallback: string,
): ProfileFileError {
  return {
    file: error.file ?? fallback,
    message: error.message,
    code: error.code,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  };
}
