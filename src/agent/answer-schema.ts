import { z } from 'zod';

export const SQL_KINDS = ['ddl', 'rewrite', 'maintenance'] as const;
export const LEVELS = ['low', 'medium', 'high'] as const;

/**
 * The structured answer of `explain`, the sections the plan asks for. A model's answer is parsed with
 * it (and retried once with the problems when it fails); the deterministic answer has the same shape.
 */
export const explanationAnswer = z
  .object({
    rootCause: z.string().min(1).describe('Why the query is slow, naming the measured facts'),
    recommendation: z.string().min(1).describe('The change to make, in one or two sentences'),
    implementationSteps: z.array(z.string().min(1)).describe('What to do, in order'),
    sql: z
      .array(
        z
          .object({
            kind: z.enum(SQL_KINDS),
            statement: z.string().min(1),
            purpose: z.string().min(1),
          })
          .strict(),
      )
      .describe('Statements proposed: DDL, a query rewrite, or maintenance (OPTIMIZE, REFRESH)'),
    expectedImpact: z
      .object({
        percent: z.number().nullable().describe('Share of the run time saved, 0–100'),
        secondsPerRun: z.number().nullable(),
        hoursPerYear: z.number().nullable(),
      })
      .strict()
      .describe("From the product's own numbers (given as facts), never guessed"),
    difficulty: z.enum(LEVELS),
    risks: z.array(z.string().min(1)),
    prerequisites: z.array(z.string().min(1)),
    priority: z.enum(LEVELS),
  })
  .strict();

export type ExplanationAnswer = z.output<typeof explanationAnswer>;
export type ExpectedImpact = ExplanationAnswer['expectedImpact'];

/** The answer schema as JSON Schema, for `response_format` and the prompt. */
export function answerJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(explanationAnswer, { target: 'draft-7', io: 'output' }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  return schema;
}

/** The problems of a candidate answer, one line each, as the retry tells them to the model. */
export function answerProblems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(answer)'}: ${i.message}`).join('\n');
}
