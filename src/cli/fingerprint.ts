import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fingerprintSql } from '../sql/fingerprint.js';
import type { CliCommand } from './command.js';
import type { CliContext } from './context.js';
import { EXIT } from './exit-codes.js';

export const fingerprintCommand: CliCommand = {
  name: 'fingerprint',
  register(program, context, setExitCode) {
    program
      .command('fingerprint')
      .description('print `fingerprint<TAB>normalised SQL` for each SQL line (or NDJSON with a "sql" field)')
      .argument('[file]', 'input file; standard input when omitted')
      .action(async (file: string | undefined) => {
        const input =
          file === undefined ? await readStdin(context) : readFileSync(resolve(context.io.cwd, file), 'utf8');
        let bad = 0;
        input.split('\n').forEach((line, index) => {
          if (line.trim() === '') return;
          const sql = sqlOfLine(line);
          if (sql === undefined) {
            bad++;
            context.io.stderr.write(
              `${file ?? 'stdin'}:${index + 1}: a JSON line without a string "sql" field\n`,
            );
            return;
          }
          const { fingerprint, normalized } = fingerprintSql(sql);
          context.print(`${fingerprint}\t${normalized}`);
        });
        if (bad > 0) setExitCode(EXIT.input);
      });
  },
};

function sqlOfLine(line: string): string | undefined {
  if (!line.trimStart().startsWith('{')) return line;
  try {
    const value = JSON.parse(line) as { sql?: unknown };
    return typeof value.sql === 'string' ? value.sql : undefined;
  } catch {
    return line;
  }
}

async function readStdin(context: CliContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of context.io.stdin ?? process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
