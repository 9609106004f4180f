import OpenAI from 'openai';
import type { LlmSettings } from './llm-settings.js';

/**
 * The chat completions client of an explanation, on the configured endpoint. Servers that need no key
 * (Ollama, LM Studio, vLLM) still get a placeholder, which the client requires. The loop's own deadline
 * bounds time, so one retry of a failed request is allowed and no more; the client's own timeout is set
 * past that deadline so the deadline, with its clear message, is always what ends a slow model.
 */
export function createLlmClient(settings: LlmSettings): OpenAI {
  return new OpenAI({
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey ?? 'no-key-configured',
    timeout: settings.timeoutMs + 1_000,
    maxRetries: 1,
  });
}
