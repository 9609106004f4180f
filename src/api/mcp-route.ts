import type { AppDeps } from '../app/service.js';
import type { ApiClient } from './auth.js';

export interface McpHttpOptions {
  readonly deps: AppDeps;
  /** `serve --mcp-allow-writes`: write tools exist, for keys with their scope. */
  readonly allowWrites: boolean;
  /** The largest request body read (a profile as JSON text travels in one). */
  readonly maxBodyBytes: number;
  readonly version: string;
}

/**
 * `/mcp` of `serve`: each POST gets a server of its own, built for the client the API admitted, in
 * stateless mode with JSON answers (the SDK's web-standard streamable HTTP transport, on Hono's
 * Request/Response). The key's scopes decide the tools (`read`, `write`, `apply`) and whether query
 * text is shown (`sql`); a profile comes only as JSON text, never as a path on this server. The SDK
 * loads on the first request, so `serve` starts as fast without it.
 */
export function createMcpHttpHandler(
  options: McpHttpOptions,
): (request: Request, client: ApiClient) => Promise<Response> {
  return async (request, client) => {
    const [{ WebStandardStreamableHTTPServerTransport }, { createMcpServer }] = await Promise.all([
      import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
      import('../mcp/server.js'),
    ]);
    const server = createMcpServer(() => options.deps, {
      allowWrites: options.allowWrites,
      scopes: client.scopes,
      canSeeSql: client.scopes.has('sql'),
      allowFiles: false,
      actor: `mcp:${client.name}`,
      version: options.version,
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: options.maxBodyBytes,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      await server.close();
    }
  };
}
