import { z } from 'zod';
import type { AgentTool } from './tool.js';
import { READ_TOOLS } from './tools/read-tools.js';

/** The tools of one explanation, by name: the read tools plus whatever the caller adds. */
export type ToolRegistry = ReadonlyMap<string, AgentTool>;

/**
 * The read tools and `extra` (SQL validation, impact estimates: written elsewhere and passed in). Two
 * tools of one name are a programming error, so it throws rather than letting one shadow the other.
 */
export function toolRegistry(extra: readonly AgentTool[] = []): ToolRegistry {
  const tools = new Map<string, AgentTool>();
  for (const tool of [...READ_TOOLS, ...extra]) {
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(tool.name))
      throw new Error(`agent tool name ${tool.name} is not snake_case`);
    if (tools.has(tool.name)) throw new Error(`two agent tools are named ${tool.name}`);
    tools.set(tool.name, tool);
  }
  return tools;
}

/** The tools as the chat completions API declares them: name, description, JSON Schema of the arguments. */
export function toolDeclarations(tools: ToolRegistry) {
  return [...tools.values()].map((tool) => {
    const parameters = z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as Record<
      string,
      unknown
    >;
    delete parameters.$schema;
    return {
      type: 'function' as const,
      function: { name: tool.name, description: tool.description, parameters },
    };
  });
}
