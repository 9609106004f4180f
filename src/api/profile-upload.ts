import { z } from 'zod';
import { analyzeProfileBytes } from '../app/profile-analysis.js';
import type { AppDeps } from '../app/service.js';
import { InvalidInputError } from '../errors.js';

const uploadQuery = z.object({
  name: z
    .string()
    .max(200)
    .optional()
    .describe('The file name the upload had, shown in the answer; its type is told from the content'),
});

const analyzedProfile = z.object({
  file: z.string().describe('`upload`, or `upload!entry` inside an archive'),
  jobId: z.string(),
  attempt: z.number(),
  summary: z
    .record(z.string(), z.unknown())
    .describe('The profile summary, as `analyze-profile --format json`'),
  findings: z.array(z.record(z.string(), z.unknown())).describe('What the job-scope detectors found'),
});

const uploadOutput = z.object({
  profiles: z.array(analyzedProfile),
  errors: z.array(
    z.object({ file: z.string(), message: z.string(), code: z.string(), hint: z.string().optional() }),
  ),
});

/**
 * `POST /api/v1/profiles/analyze`: one profile JSON (optionally gzipped), a support ZIP or a tar bundle
 * as the request body, summarised and run through the job-scope detectors as `analyze-profile` does.
 * Nothing is stored or written to disk: the upload is read in memory, within the body limit.
 */
export const profileUpload = {
  name: 'profiles.analyze',
  summary: 'Summarise an uploaded profile or support ZIP and run the job-scope detectors (nothing stored)',
  query: uploadQuery,
  output: uploadOutput,
  async run(deps: AppDeps, body: Uint8Array, query: unknown): Promise<z.input<typeof uploadOutput>> {
    const parsed = uploadQuery.safeParse(query ?? {});
    if (!parsed.success) {
      throw new InvalidInputError('profiles.analyze: name is invalid', {
        problems: [{ field: 'name', expected: 'a file name of at most 200 characters' }],
      });
    }
    if (body.byteLength === 0) {
      throw new InvalidInputError('profiles.analyze: the request body is empty', {
        problems: [{ field: '(body)', expected: 'a profile JSON, a .json.gz, a support ZIP or a .tar(.gz)' }],
      });
    }
    return analyzeProfileBytes(deps, { file: parsed.data.name ?? 'upload', bytes: body });
  },
};
