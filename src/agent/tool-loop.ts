import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import type { AppDeps } from '../app/service.js';
import { isAppError, ModelError } from '../errors.js';
import { withSpan } from '../observe/span.js';
import {
  answerJsonSchema,
  answerProblems,
  type ExplanationAnswer,
  explanationAnswer,
} from './answer-schema.js';
import type { LlmSettings } from './llm-settings.js';
import { dataBlock, FINAL_ANSWER_REQUEST, retryRequest } from './prompt.js';
import { type ToolRegistry, toolDeclarations } from './tool-registry.js';

/** One tool call as the result reports it. */
export interface ToolCallRecord {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
}

/** One request to the model: its tokens (as the server reported them, else estimated) and cost. */
export interface ModelCallRecord {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** False when the server sent no usage and the tokens were estimated from the text (4 characters a token). */
  readonly reported: boolean;
  readonly ms: number;
  /** Only when prices are configured; never guessed. */
  readonly cost: number | null;
}

export interface LoopResult {
  readonly answer: ExplanationAnswer;
  readonly toolCalls: readonly ToolCallRecord[];
  readonly calls: readonly ModelCallRecord[];
}

export interface LoopInput {
  readonly client: OpenAI;
  readonly settings: LlmSettings;
  readonly tools: ToolRegistry;
  readonly deps: AppDeps;
  /** The system prompt and the first user message; the loop appends to a copy. */
  readonly messages: readonly ChatCompletionMessageParam[];
}

/** Longest tool result sent back, in characters; the rest is cut with a note, so one tool cannot eat the budget. */
const MAX_TOOL_RESULT_CHARS = 24_000;

/**
 * The bounded conversation: the model may call tools until it answers or a bound is hit — tool calls
 * (`maxToolCalls`), tokens (`maxTokens`, summed over calls) or time (half of `timeoutMs`; the whole of it
 * aborts any request still running). Then it is asked for the final answer without tools. The answer is
 * parsed with the answer schema; a failing one is sent back once with its problems, then a ModelError.
 */
export async function runToolLoop(input: LoopInput): Promise<LoopResult> {
  // A timer held here rather than AbortSignal.timeout: on Node 20 a timeout signal that only
  // AbortSignal.any refers to can be garbage-collected and never fire, and the deadline would be lost.
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException('the deadline passed', 'TimeoutError')),
    input.settings.timeoutMs,
  );
  const signal = AbortSignal.any(
    [deadline.signal, input.deps.signal].filter((s): s is AbortSignal => s !== undefined),
  );
  try {
    return await converse(input, signal);
  } finally {
    clearTimeout(timer);
  }
}

async function converse(input: LoopInput, signal: AbortSignal): Promise<LoopResult> {
  const { client, settings, tools, deps } = input;
  const started = performance.now();
  const messages: ChatCompletionMessageParam[] = [...input.messages];
  const toolCalls: ToolCallRecord[] = [];
  const calls: ModelCallRecord[] = [];
  const declarations = toolDeclarations(tools);
  const tokensUsed = () => calls.reduce((s, c) => s + c.promptTokens + c.completionTokens, 0);

  const complete = async (withTools: boolean): Promise<ChatCompletion['choices'][number]['message']> => {
    const request: ChatCompletionCreateParamsNonStreaming = {
      model: settings.model,
      messages,
      ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
      ...(withTools
        ? { tools: declarations, tool_choice: 'auto' as const }
        : {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: 'explanation', schema: answerJsonSchema(), strict: false },
            },
          }),
    };
    const t0 = performance.now();
    let response: ChatCompletion;
    try {
      const attributes = { model: settings.model, tools_offered: withTools ? declarations.length : 0 };
      response = await withSpan('agent.llm_invocation', attributes, async (span) => {
        const answer = await client.chat.completions.create(request, { signal });
        span.setAttributes({
          tool_calls: answer.choices?.[0]?.message?.tool_calls?.length ?? 0,
          prompt_tokens: answer.usage?.prompt_tokens ?? 0,
          completion_tokens: answer.usage?.completion_tokens ?? 0,
        });
        return answer;
      });
    } catch (error) {
      deps.metrics?.llmCall('error');
      throw modelFailure(error, settings, signal);
    }
    const ms = Math.round(performance.now() - t0);
    const message = response.choices?.[0]?.message;
    const usage = response.usage;
    const promptTokens = usage?.prompt_tokens ?? Math.ceil(JSON.stringify(messages).length / 4);
    const completionTokens = usage?.completion_tokens ?? Math.ceil(JSON.stringify(message ?? '').length / 4);
    const cost =
      settings.inputPricePerMillion === undefined || settings.outputPricePerMillion === undefined
        ? null
        : (promptTokens * settings.inputPricePerMillion + completionTokens * settings.outputPricePerMillion) /
          1_000_000;
    calls.push({ promptTokens, completionTokens, reported: usage !== undefined && usage !== null, ms, cost });
    deps.metrics?.llmCall('ok', { prompt: promptTokens, completion: completionTokens });
    deps.logger.info(
      {
        model: settings.model,
        call: calls.length,
        promptTokens,
        completionTokens,
        ms,
        ...(cost === null ? {} : { cost }),
      },
      'model call',
    );
    if (message === undefined)
      throw new ModelError(`the model at ${settings.baseUrl} answered without a message`, {
        endpoint: settings.baseUrl,
      });
    return message;
  };

  let toolCallsLeft = settings.maxToolCalls;
  const inToolPhase = () =>
    tools.size > 0 &&
    toolCallsLeft > 0 &&
    tokensUsed() < settings.maxTokens &&
    performance.now() - started < settings.timeoutMs / 2;

  while (inToolPhase()) {
    const message = await complete(true);
    const requested = message.tool_calls ?? [];
    if (requested.length === 0) return finish(message.content ?? '');
    messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: requested });
    for (const call of requested) {
      if (toolCallsLeft <= 0) {
        // Every call needs its reply, or the next request is refused; this one is not run.
        messages.push(toolReply(call.id, { error: 'the tool-call budget is spent; not run' }, false));
        continue;
      }
      toolCallsLeft--;
      messages.push(await runTool(call));
    }
  }
  messages.push({ role: 'user', content: FINAL_ANSWER_REQUEST });
  return finish((await complete(false)).content ?? '');

  async function finish(content: string, retried = false): Promise<LoopResult> {
    const parsed = parseAnswer(content);
    if (parsed.ok) return { answer: parsed.answer, toolCalls, calls };
    if (retried)
      throw new ModelError(
        `the model's answer did not match the answer schema, also after one retry: ${parsed.problems.split('\n')[0]}`,
        {
          endpoint: settings.baseUrl,
          hint: 'Try another model (LLM_MODEL), or explain without a model by unsetting LLM_BASE_URL.',
        },
      );
    messages.push({ role: 'assistant', content });
    messages.push({ role: 'user', content: retryRequest(parsed.problems) });
    return finish((await complete(false)).content ?? '', true);
  }

  async function runTool(call: ChatCompletionMessageToolCall): Promise<ChatCompletionMessageParam> {
    const name = call.type === 'function' ? call.function.name : call.type;
    const t0 = performance.now();
    const record = (ok: boolean) => toolCalls.push({ name, ok, ms: Math.round(performance.now() - t0) });
    const tool = tools.get(name);
    if (tool === undefined || call.type !== 'function') {
      record(false);
      return toolReply(
        call.id,
        { error: `no tool named ${name}; the tools are ${[...tools.keys()].join(', ')}` },
        false,
      );
    }
    let args: unknown;
    try {
      args = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
    } catch {
      record(false);
      return toolReply(call.id, { error: 'the arguments are not a JSON object' }, false);
    }
    const parsed = tool.input.safeParse(args);
    if (!parsed.success) {
      record(false);
      return toolReply(
        call.id,
        { error: 'invalid arguments', problems: answerProblems(parsed.error) },
        false,
      );
    }
    try {
      const result = await tool.run(deps, parsed.data);
      record(true);
      return toolReply(call.id, result, settings.redactLiterals);
    } catch (error) {
      // The product's own refusals (not found, invalid) are facts the model can act on; bugs are not.
      if (!isAppError(error)) throw error;
      record(false);
      return toolReply(call.id, { error: error.message }, settings.redactLiterals);
    }
  }
}

/** A tool's result as the model reads it: data in the delimited block, literals redacted when asked. */
function toolReply(id: string, result: unknown, redactLiterals: boolean): ChatCompletionMessageParam {
  let content = dataBlock(result, redactLiterals);
  if (content.length > MAX_TOOL_RESULT_CHARS)
    content = `${content.slice(0, MAX_TOOL_RESULT_CHARS)}\n… (cut: the result was ${content.length} characters)`;
  return { role: 'tool', tool_call_id: id, content };
}

function parseAnswer(
  content: string,
): { ok: true; answer: ExplanationAnswer } | { ok: false; problems: string } {
  // A model that wraps its JSON in a code fence anyway still means the JSON.
  const text = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: '(answer): not a JSON object' };
  }
  const parsed = explanationAnswer.safeParse(json);
  return parsed.success
    ? { ok: true, answer: parsed.data }
    : { ok: false, problems: answerProblems(parsed.error) };
}

function modelFailure(error: unknown, settings: LlmSettings, signal: AbortSignal): Error {
  if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError')
    return new ModelError(`the model did not answer within ${settings.timeoutMs} ms`, {
      endpoint: settings.baseUrl,
      cause: error,
      hint: 'Raise LLM_TIMEOUT_MS, or lower LLM_MAX_TOOL_CALLS.',
    });
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason : new Error('stopped');
  const status = (error as { status?: unknown }).status;
  return new ModelError(
    `the model at ${settings.baseUrl} failed: ${(error as Error).message ?? String(error)}`,
    {
      endpoint: settings.baseUrl,
      cause: error,
      ...(typeof status === 'number' ? { status } : {}),
    },
  );
}
