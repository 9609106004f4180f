import type { CliIo } from './context.js';
import { createProgressBars } from './progress-bars.js';
import type { ProgressReporter } from './progress-reporter.js';
import { terminalWidth } from './terminal-width.js';

export type { ProgressReporter } from './progress-reporter.js';

const NON_TTY_INTERVAL_MS = 5_000;

/**
 * Shows progress on stderr: a bar per stage on a terminal, or one JSON line every few seconds
 * otherwise, so logs of long runs stay readable and parseable; nothing at all with `--quiet`.
 * `label` names the command (`collect`, `import`, `demo`): a JSON line's `progress`, and the prefix
 * its `message` leaves out for the stage of the same name.
 */
export function createProgress(
  io: CliIo,
  options: { readonly label: string; readonly quiet?: boolean },
): ProgressReporter {
  if (options.quiet === true) return { report() {}, done() {} };
  if (io.stderr.isTTY === true)
    return createProgressBars({ stream: io.stderr, widthColumns: () => stderrWidth(io) });
  return jsonLines(io, options.label);
}

function jsonLines(io: CliIo, label: string): ProgressReporter {
  let lastWrite = Date.now();
  return {
    report(stage, text, data) {
      const now = Date.now();
      if (now - lastWrite < NON_TTY_INTERVAL_MS) return;
      const message = stage === label ? text : `${stage}: ${text}`;
      io.stderr.write(
        `${JSON.stringify({ progress: label, stage, message, ...data, at: new Date(now).toISOString() })}\n`,
      );
      lastWrite = now;
    },
    done() {},
  };
}

/** Progress is drawn on stderr, which may be a terminal of its own width when stdout is piped. */
function stderrWidth(io: CliIo): number {
  const columns = (io.stderr as { columns?: number }).columns;
  return typeof columns === 'number' && columns > 0 ? columns : terminalWidth(io);
}
