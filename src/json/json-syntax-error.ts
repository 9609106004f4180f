import { InputError } from '../errors.js';

/** Raised for text that is not JSON; `position` is the 0-based offset of the offending character. */
export class JsonSyntaxError extends InputError {
  readonly position: number;
  readonly column: number;

  constructor(options: { reason: string; text: string; position: number; file?: string }) {
    const { line, column } = lineAndColumn(options.text, options.position);
    const where = options.file === undefined ? '' : ` in ${options.file}`;
    super(
      `Malformed JSON${where} at line ${line}, column ${column} (offset ${options.position}): ${options.reason}`,
      {
        code: 'INPUT_JSON_MALFORMED',
        hint: 'Check that the file is complete (not truncated) and is a JSON document.',
        line,
        ...(options.file === undefined ? {} : { file: options.file }),
      },
    );
    this.position = options.position;
    this.column = column;
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
