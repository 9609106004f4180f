import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Option } from 'commander';
import { API_SCOPES } from '../config/schema.js';
import { createMcpServer } from '../mcp/server.js';
import type { CliCommand } from './command.js';
import { VERSION } from './version.js';
import { withServices } from './with-store.js';

export const mcpCommand: CliCommand = {
  name: 'mcp',
  register(program, context) {
    program
      .command('mcp')
      .description(
        'answer an assistant (Claude Desktop, Cursor…) over the Model Context Protocol on stdin/stdout: findings, recommendations, jobs, measurements and profile analysis from the configured store; read-only unless --allow-writes',
      )
      .addOption(
        new Option(
          '--allow-writes',
          'also offer accept_recommendation and apply_recommendation (apply runs SQL on Dremio, only with confirm: true)',
        ).default(false),
      )
      .addOption(
        new Option(
          '--show-sql',
          "answer query text as stored; by default its literals are redacted, since answers go to the assistant's model",
        ).default(false),
      )
      .action(async (options: { allowWrites: boolean; showSql: boolean }) => {
        // stdout carries the protocol and nothing else: the logger writes to stderr.
        const stdin = context.io.stdin ?? process.stdin;
        await withServices(context, { command: 'mcp', stopIsTheNormalEnd: true }, async (deps) => {
          const server = createMcpServer(() => deps, {
            allowWrites: options.allowWrites,
            // The local user owns the store: every scope; what is offered is decided by the flags.
            scopes: new Set(API_SCOPES),
            canSeeSql: options.showSql,
            allowFiles: true,
            actor: 'mcp:local',
            version: VERSION,
          });
          const ended = new Promise<void>((done) => {
            stdin.once('end', () => done());
            stdin.once('close', () => done());
            if (deps.signal?.aborted === true) done();
            deps.signal?.addEventListener('abort', () => done(), { once: true });
          });
          await server.connect(new StdioServerTransport(stdin, context.io.stdout));
          deps.logger.info(
            { allowWrites: options.allowWrites, showSql: options.showSql, store: deps.store.backend },
            'MCP server on stdio',
          );
          await ended;
          await server.close();
        });
      });
  },
};
