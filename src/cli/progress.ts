import type { CliIo } from './context.js';

export interface ProgressReporter {
  update(text: string, data: Readonly<Record<string, number>>): void;
  done(): void;
}

const NON_TTY_INTERVAL_MS = 5_000;

/**
 * Shows progress on stderr: a line rewritten in place on a terminal, or one JSON line every few seconds
 * otherwise, so logs of long runs stay readable and parseable.
 */
export function createProgress(io: CliIo, stage: string): ProgressReporter {
  const tty = io.stderr.isTTY === true;
  let lastWrite = Date.now();
  let wroteTtyLine = false;
  return {
    update(text, data) {
      const now = Date.now();
      if (tty) {
        io.stderr.write(`\r\x1b[2K${stage}: ${text}`);
        wroteTtyLine = true;
      } else if (now - lastWrite >= NON_TTY_INTERVAL_MS) {
        io.stderr.write(
          `${JSON.stringify({ progress: stage, message: text, ...data, at: new Date(now).toISOString() })}\n`,
        );
        lastWrite = now;
      }
    },
    done() {
      if (wroteTtyLine) io.stderr.write('\r\x1b[2K');
    },
  };
}
