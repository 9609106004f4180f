import { resolve } from 'node:path';
import { z } from 'zod';
import { profileFindingsStep } from '../analysis/profile-findings.js';
import { analyzeProfileFiles } from '../profile/analyze-profile-service.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../profile/archive-limits.js';
import { readProfileBytes } from '../profile/read-profile-file.js';
import { summarizeProfile } from '../profile/summarize.js';
import { type AppDeps, defineService } from './service.js';
import { toWire } from './wire-json.js';

const analyzedProfileOutput = z.object({
  file: z.string().describe('`profile` for JSON text, else the file (or `file!entry` inside an archive)'),
  jobId: z.string(),
  attempt: z.number(),
  summary: z
    .record(z.string(), z.unknown())
    .describe('The profile summary, as `analyze-profile --format json`'),
  findings: z.array(z.record(z.string(), z.unknown())).describe('What the job-scope detectors found'),
});

export const profileAnalysisOutput = z.object({
  profiles: z.array(analyzedProfileOutput),
  errors: z.array(
    z.object({ file: z.string(), message: z.string(), code: z.string(), hint: z.string().optional() }),
  ),
});

export const profileAnalysisInput = z
  .object({
    json: z
      .string()
      .min(1)
      .optional()
      .describe('One query profile as JSON text (the job profile Dremio exports)'),
    path: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .describe(
        'A profile file, support ZIP, .json.gz, .tar(.gz) or a directory of them, on the machine running the command',
      ),
  })
  .refine((o) => (o.json === undefined) !== (o.path === undefined), {
    message: 'give exactly one of json (profile JSON text) or path (a file)',
    path: ['json'],
  });

/**
 * A profile summarised and run through the job-scope detectors, as `analyze-profile` does, with
 * nothing stored: the JSON text is read in memory, a path is read from this machine's disk. Callers
 * serving remote clients offer only `json` (a remote caller must not read the server's files).
 */
export const analyzeProfile = defineService({
  name: 'profiles.summarize',
  summary: 'Summarise a query profile (JSON text or a file) and run the job-scope detectors on it',
  input: profileAnalysisInput,
  output: profileAnalysisOutput,
  async run(deps, options) {
    if (options.path !== undefined) {
      const findings = await profileFindingsStep({ overrides: deps.config.detectors });
      const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxFileBytes: deps.config.profiles.maxFileBytes };
      const result = await analyzeProfileFiles([resolve(options.path)], { findings, limits });
      return toWire(result) as z.input<typeof profileAnalysisOutput>;
    }
    return analyzeProfileBytes(deps, {
      file: 'profile',
      bytes: new TextEncoder().encode(options.json),
    });
  },
});

/**
 * Profiles held in memory (JSON, .json.gz, a support ZIP or a tar bundle), summarised and run through
 * the job-scope detectors; nothing touches the disk. `file` names the input in the answer and its errors.
 */
export async function analyzeProfileBytes(
  deps: AppDeps,
  input: { readonly file: string; readonly bytes: Uint8Array },
): Promise<z.input<typeof profileAnalysisOutput>> {
  const findings = await profileFindingsStep({ overrides: deps.config.detectors });
  const read = readProfileBytes({
    file: input.file,
    bytes: input.bytes,
    limits: { ...DEFAULT_ARCHIVE_LIMITS, maxFileBytes: deps.config.profiles.maxFileBytes },
  });
  const profiles = read.profiles.map((entry) => {
    const summary = summarizeProfile(entry.raw, { attempt: entry.attempt });
    return {
      file: entry.source,
      jobId: summary.jobId,
      attempt: entry.attempt,
      summary,
      findings: findings(summary),
    };
  });
  const errors = read.errors.map((e) => ({
    file: e.file ?? input.file,
    message: e.message,
    code: e.code,
    ...(e.hint === undefined ? {} : { hint: e.hint }),
  }));
  return toWire({ profiles, errors }) as z.input<typeof profileAnalysisOutput>;
}
