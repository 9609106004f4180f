import type { Readable, Writable } from 'node:stream';
import { type LoadedConfig, loadConfig, type ResolvedConfig } from '../config/index.js';
import { createLogger, type Logger, type Redactor } from '../log/index.js';

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
  /** `--quiet`: no progress on stderr (results and errors still print). */
  quiet(): boolean;
}

export function createContext(
  io: CliIo,
  globals: () => { config?: string | undefined; quiet?: boolean | undefined },
  /** The redactor behind `io`'s streams; learns the configured secrets once they are loaded. */
  redactor?: Redactor,
): CliContext {
  let loaded: LoadedConfig | undefined;
  let logger: Logger | undefined;
  const getLoaded = () => {
    if (loaded === undefined) {
      const configPath = globals().config;
      loaded = loadConfig({ env: io.env, cwd: io.cwd, ...(configPath === undefined ? {} : { configPath }) });
      redactor?.add(loaded.secrets);
    }
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
          secrets: getLoaded().secrets,
          destination: io.stderr,
        });
      }
      return logger;
    },
    quiet: () => globals().quiet === true,
    print: (text) => {
      io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
