import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One prepared model turn: tool calls, a final content, or an HTTP error. */
export type ScriptedTurn =
  | { readonly toolCalls: readonly { readonly name: string; readonly arguments: unknown }[] }
  | { readonly content: string }
  | { readonly status: number; readonly error: string }
  /** Answers nothing for this long, then the turn: a slow model. */
  | { readonly delayMs: number; readonly turn: ScriptedTurn };

/** One request the server received, as sent. */
export interface RecordedRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  /** The raw body text: what a test searches for leaked literals. */
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the request body as the client sent it
  readonly body: any;
}

export interface ScriptedLlm {
  /** The base URL to configure as LLM_BASE_URL (ends in /v1). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for an OpenAI-compatible model over real HTTP on loopback: `POST /v1/chat/completions`
 * answers the next prepared turn (a request past the script gets a 500) and every request is recorded.
 * Each answer reports usage: `promptTokens` and `completionTokens` per turn.
 */
export async function startScriptedLlm(
  turns: readonly ScriptedTurn[],
  options: { readonly promptTokens?: number; readonly completionTokens?: number } = {},
): Promise<ScriptedLlm> {
  const requests: RecordedRequest[] = [];
  let next = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, text, body });
      const model = (body as { model?: string } | undefined)?.model ?? 'scripted';
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
        return send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
      const turn = turns[next++];
      if (turn === undefined) return send(res, 500, { error: { message: 'the script has no more turns' } });
      const index = next;
      if ('delayMs' in turn) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          reply(res, turn.turn, index, model);
        }, turn.delayMs);
        timers.add(timer);
        return;
      }
      reply(res, turn, index, model);
    });
  });

  function reply(res: ServerResponse, turn: ScriptedTurn, index: number, model: string): void {
    if ('delayMs' in turn) {
      reply(res, turn.turn, index, model);
      return;
    }
    if ('status' in turn) {
      send(res, turn.status, { error: { message: turn.error } });
      return;
    }
    const message =
      'toolCalls' in turn
        ? {
            role: 'assistant',
            content: null,
            tool_calls: turn.toolCalls.map((c, i) => ({
              id: `call_${index}_${i}`,
              type: 'function',
              function: {
                name: c.name,
                arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
              },
            })),
          }
        : { role: 'assistant', content: turn.content };
    const promptTokens = options.promptTokens ?? 100;
    const completionTokens = options.completionTokens ?? 20;
    send(res, 200, {
      id: `chatcmpl-${index}`,
      object: 'chat.completion',
      created: 1_767_225_600,
      model,
      choices: [{ index: 0, message, finish_reason: 'toolCalls' in turn ? 'tool_calls' : 'stop' }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}
