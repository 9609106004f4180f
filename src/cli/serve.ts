import { Option } from 'commander';
import { startApi } from '../api/start-api.js';
import { InvalidInputError } from '../errors.js';
import type { CliCommand } from './command.js';
import { abortOnSignals } from './signals.js';
import { VERSION } from './version.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  register(program, context) {
    program
      .command('serve')
      .description(
        'serve the dashboard at / and the REST API (OpenAPI at /openapi.json, docs at /docs) on the configured store until stopped',
      )
      .addOption(new Option('--host <address>', 'address to listen on').default('127.0.0.1'))
      .addOption(new Option('--port <number>', 'port to listen on (0: any free port)').default('8000'))
      .addOption(
        new Option(
          '--mcp-allow-writes',
          'let /mcp offer accept_recommendation (keys with write) and apply_recommendation (keys with apply)',
        ).default(false),
      )
      .action(async (options: { host: string; port: string; mcpAllowWrites: boolean }) => {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65_535) {
          throw new InvalidInputError(`port ${options.port} is not a port number`, {
            problems: [{ field: 'port', value: options.port, expected: 'a whole number from 0 to 65535' }],
          });
        }
        const stop = abortOnSignals({ stopIsTheNormalEnd: true });
        try {
          const api = await startApi({
            config: context.config(),
            logger: context.logger(),
            host: options.host,
            port,
            cwd: context.io.cwd,
            version: VERSION,
            mcpAllowWrites: options.mcpAllowWrites,
          });
          context.print(
            `Dashboard and API at ${api.url} (open it in a browser; API docs at ${api.url}/docs, MCP at ${api.url}/mcp); stop with Ctrl-C`,
          );
          await new Promise<void>((done) => {
            if (stop.signal.aborted) done();
            else stop.signal.addEventListener('abort', () => done(), { once: true });
          });
          await api.close();
        } finally {
          stop.dispose();
        }
      });
  },
};
