import type { ResolvedConfig } from '../config/index.js';
import { ConfigError } from '../errors.js';

/** What one explanation may use of the model: where it is, and the bounds of its tool loop. */
export interface LlmSettings {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly model: string;
  readonly temperature: number | undefined;
  readonly maxToolCalls: number;
  readonly timeoutMs: number;
  readonly maxTokens: number;
  readonly redactLiterals: boolean;
  readonly inputPricePerMillion: number | undefined;
  readonly outputPricePerMillion: number | undefined;
}

/**
 * The model settings, or undefined when no model is configured (no LLM_BASE_URL): `explain` then answers
 * from the detectors' own text. A base URL without a model is a configuration error, not a silent fallback.
 */
export function llmSettingsFromConfig(config: ResolvedConfig): LlmSettings | undefined {
  const llm = config.llm;
  if (llm.baseUrl === undefined) return undefined;
  if (llm.model === undefined)
    throw new ConfigError('LLM_BASE_URL is set but LLM_MODEL is not', {
      problems: [{ key: 'LLM_MODEL', value: '', expected: 'the model name the endpoint serves' }],
      hint: 'Set LLM_MODEL, or unset LLM_BASE_URL to explain without a model.',
    });
  return {
    baseUrl: llm.baseUrl,
    apiKey: llm.apiKey,
    model: llm.model,
    temperature: llm.temperature,
    maxToolCalls: llm.maxToolCalls,
    timeoutMs: llm.timeoutMs,
    maxTokens: llm.maxTokens,
    redactLiterals: llm.redactLiterals,
    inputPricePerMillion: llm.inputPricePerMillion,
    outputPricePerMillion: llm.outputPricePerMillion,
  };
}
