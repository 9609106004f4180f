import type { CliIo } from './context.js';

/**
 * The width tables are laid out in: the terminal's, else `COLUMNS`, else 100. Text is wrapped to it,
 * never cut, so a pipe or a narrow terminal loses nothing.
 */
export function terminalWidth(io: CliIo): number {
  const columns = (io.stdout as { columns?: number }).columns;
  if (typeof columns === 'number' && columns > 0) return columns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100;
}
