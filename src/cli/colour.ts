import type { CliIo } from './context.js';

/**
 * Whether the text formats may colour severities: only on a terminal, never when `NO_COLOR` has any
 * non-empty value (no-color.org), which wins over everything; `FORCE_COLOR` (other than `0`/`false`)
 * colours a pipe, e.g. into `less -R`. Machine formats never call this: JSON and SARIF stay plain.
 */
export function useColour(io: CliIo): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (io.env.TERM === 'dumb') return false;
  return (io.stdout as { isTTY?: boolean }).isTTY === true;
}
