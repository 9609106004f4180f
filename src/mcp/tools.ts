import { z } from 'zod';
import { explain, explainInput } from '../agent/explain.js';
import { getFinding, listFindings } from '../app/findings.js';
import { getJob, searchJobs } from '../app/jobs.js';
import { listMeasurements } from '../app/measurements.js';
import { analyzeProfile, profileAnalysisInput } from '../app/profile-analysis.js';
import {
  applyInput,
  applyRecommendation,
  changeRecommendationStatus,
  setStatusInput,
} from '../app/recommendation-actions.js';
import { getRecommendation, listRecommendations } from '../app/recommendations.js';
import type { Service } from '../app/service.js';
import { fingerprintSql } from '../app/sql-fingerprint.js';
import { validateSql } from '../app/sql-validation.js';
import type { ApiScope } from '../config/schema.js';

// biome-ignore lint/suspicious/noExplicitAny: a tool holds any service, whatever its schemas
export type AnyMcpService = Service<z.ZodObject<any>, z.ZodObject<any>>;

/** What a tool's input may depend on: who calls and over which transport. */
export interface McpToolContext {
  /** Recorded as the actor of a write (`mcp:local`, `mcp:KEYNAME`), never taken from the arguments. */
  readonly actor: string;
  /** Whether the caller may name files on this machine (stdio: yes; HTTP: never). */
  readonly allowFiles: boolean;
  /** Whether the caller may see query text (else answers are redacted and SQL text is no filter). */
  readonly canSeeSql: boolean;
}

/**
 * One MCP tool: a thin wrapper on one application service. The tool's input schema is the service's
 * own (or `input`, a projection of it), its output is the service's JSON answer (structuredContent,
 * validated against the service's output schema, plus the same JSON as text). `scope` is what an HTTP
 * key needs; a tool whose scope is not `read` is a write tool, registered only when the server is
 * started with writes allowed.
 */
export interface McpTool {
  readonly name: string;
  readonly service: AnyMcpService;
  readonly scope: ApiScope;
  /** Shown to the assistant; default: the service's summary. */
  readonly description?: string;
  /** The arguments the assistant gives, when they are not the service's whole input. */
  // biome-ignore lint/suspicious/noExplicitAny: any object schema
  readonly input?: (context: McpToolContext) => z.ZodObject<any>;
  /** Service input fields set by the server, not the assistant (the actor, a fixed status). */
  readonly fixed?: (context: McpToolContext) => Readonly<Record<string, unknown>>;
  /** Whether the tool can destroy or change things outside the store (MCP's destructiveHint). */
  readonly destructive?: boolean;
  /** Whether it reaches beyond the store (Dremio, a model): MCP's openWorldHint; default: scope `apply`. */
  readonly openWorld?: boolean;
}

/** A read tool on a service whose input is exactly what the assistant gives. */
export function readTool(name: string, service: unknown, extra: Partial<McpTool> = {}): McpTool {
  return { name, service: service as AnyMcpService, scope: 'read', ...extra };
}

// Over HTTP a profile comes only as JSON text: the server never reads its own files for a remote caller.
const profileJsonOnly = z.object({ json: profileAnalysisInput.shape.json.unwrap() });

/**
 * Search by SQL text would let a caller who may not see query text test for a literal (`text: 'APAC'`)
 * and learn it from whether jobs match; for that caller the field is absent, and refused if given.
 * (The service's own schema, with its from/to check, still validates every call.)
 */
function jobSearchInput(context: McpToolContext) {
  if (context.canSeeSql) return searchJobs.input;
  const { text: _text, ...rest } = searchJobs.input.shape;
  return z.strictObject(rest);
}

export const MCP_TOOLS: readonly McpTool[] = [
  readTool('list_findings', listFindings),
  readTool('get_finding', getFinding),
  readTool('list_recommendations', listRecommendations),
  readTool('get_recommendation', getRecommendation),
  readTool('list_measurements', listMeasurements),
  readTool('search_jobs', searchJobs, { input: jobSearchInput }),
  readTool('get_job', getJob),
  readTool('analyze_profile', analyzeProfile, {
    description:
      'Summarise one Dremio query profile and run the job-scope detectors on it (nothing stored). Give the profile as JSON text in `json`' +
      ' (or, on a local server, a file path in `path`).',
    input: (context) => (context.allowFiles ? profileAnalysisInput : profileJsonOnly),
  }),
  readTool('fingerprint_sql', fingerprintSql),
  readTool('validate_sql', validateSql, {
    openWorld: true,
    description:
      'Check a SQL statement before proposing it: parses it, checks every table and column against the collected catalog, and (when a Dremio is configured) runs EXPLAIN PLAN FOR on Dremio, read-only.',
  }),
  readTool('explain_finding', explain, {
    openWorld: true,
    description:
      "Explain a finding's root cause and the exact changes that fix it, from the configured model (its SQL checked by validate_sql, never applied) or, without one, from the detectors' own text.",
    input: () =>
      z.object({ findingId: explainInput.shape.findingId.unwrap(), cluster: explainInput.shape.cluster }),
    // Running the original and a rewrite on Dremio is the CLI's explicit --confirm, not an assistant's call.
    fixed: () => ({ confirm: false }),
  }),
  {
    name: 'accept_recommendation',
    service: changeRecommendationStatus as unknown as AnyMcpService,
    scope: 'write',
    description:
      'Accept a pending recommendation (recorded with this server as the actor). Changes the store, not Dremio.',
    input: () =>
      z.object({
        id: setStatusInput.shape.id,
        cluster: setStatusInput.shape.cluster,
        reason: setStatusInput.shape.reason,
      }),
    fixed: (context) => ({ to: 'accepted', actor: context.actor }),
  },
  {
    name: 'apply_recommendation',
    service: applyRecommendation as unknown as AnyMcpService,
    scope: 'apply',
    destructive: true,
    description:
      "Run a recommendation's statement on Dremio and record it applied. Only with confirm: true, after the user has read the statement (get_recommendation) and said yes; without it the statement is shown and nothing runs.",
    input: () =>
      z.object({
        id: applyInput.shape.id,
        cluster: applyInput.shape.cluster,
        confirm: z
          .boolean()
          .describe('true only when the user has read the statement and asked to run it on Dremio'),
      }),
    fixed: (context) => ({ actor: context.actor }),
  },
];
