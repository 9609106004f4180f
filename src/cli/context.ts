import type { Readable, Writable } from 'node:stream';
import { type LoadedConfig, loadConfig, type ResolvedConfig } from '../config/index.js';
import { createLogger, type Logger } from '../log/index.js';

export interface CliIo {
  readonly stdin?: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/**
 * What every command handler receives. Config and logger load on first use, so `--help` and
 * commands that need neither stay fast and work even when the configuration is broken.
 */
export interface CliContext {
  readonly io: CliIo;
  loaded(): LoadedConfig;
  config(): ResolvedConfig;
  logger(): Logger;
  print(text: string): void;
}

export function createContext(io: CliIo, globals: () => { config?: string | undefined }): CliContext {
  let loaded: LoadedConfig | undefined;
  let logger: Logger | undefined;
  const getLoaded = () => {
    const configPath = globals().config;
    loaded ??= loadConfig({ env: io.env, cwd: io.cwd, ...(configPath === undefined ? {} : { configPath }) });
    return loaded;
  };
  return {
    io,
    loaded: getLoaded,
    config: () => getLoaded().config,
    logger: () => {
      if (logger === undefined) {
        const c = getLoaded().config;
        logger = createLogger({
          level: c.log.level,
          format: c.log.format,
          secrets: secretsOf(c),
          destination: io.stderr,
        });
      }
      return logger;
    },
    print: (text) => {
      io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

/** Values no log line may contain. A database URL's password is secret; the rest of the URL is not. */
function secretsOf(c: ResolvedConfig): string[] {
  const secrets = [c.dremio.password, c.dremio.token].filter((s): s is string => s !== undefined);
  if (c.database.url !== undefined) {
    const password = new URL(c.database.url).password;
    if (password !== '') secrets.push(password, decodeURIComponent(password));
  }
  return secrets;
}
