import type { Severity } from '../domain/severity.js';

/**
 * Terminal colours for the text formats. Whether to colour is the CLI's decision (a TTY, no
 * `NO_COLOR`), passed in as `colour: boolean`; these functions only paint. Our own few SGR codes rather
 * than `util.styleText`, which on Node 20 reads `NO_COLOR` from the process behind the caller's back.
 */

const SGR = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39] } as const;
type Style = keyof typeof SGR;

const SEVERITY_STYLE: Readonly<Record<Severity, readonly Style[]>> = {
  critical: ['red', 'bold'],
  high: ['red'],
  medium: ['yellow'],
  low: ['cyan'],
};

function paint(text: string, styles: readonly Style[]): string {
  const open = styles.map((s) => `\u001b[${SGR[s][0]}m`).join('');
  const close = [...styles]
    .reverse()
    .map((s) => `\u001b[${SGR[s][1]}m`)
    .join('');
  return `${open}${text}${close}`;
}

/** `text` (usually the padded severity cell) in its severity's colour, or as it is when `colour` is off. */
export function paintSeverity(text: string, severity: Severity, colour: boolean): string {
  return colour ? paint(text, SEVERITY_STYLE[severity]) : text;
}

// Select Graphic Rendition sequences: the only escapes the formatters write.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point.
const ANSI_SGR = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_SGR, '');
}

/** The columns `text` takes on a terminal: its length without colour escapes. */
export function visibleLength(text: string): number {
  return stripAnsi(text).length;
}

export function padEndVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
}

export function padStartVisible(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - visibleLength(text))) + text;
}
