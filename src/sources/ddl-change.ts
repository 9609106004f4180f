import type { ChangeKind } from '../domain/change.js';
import { reflectionSubject } from '../domain/change.js';
import { type Token, tokenize } from '../sql/lexer.js';
import { canonicalPath } from '../sql/table-path.js';

/** What a DDL statement changes: its kind, the dataset's path as parts, and the reflection it names. */
export interface DdlChange {
  readonly kind: ChangeKind;
  readonly pathParts: readonly string[];
  /** The canonical dotted path (`a."b.c".d`), as recommendations and changes write it. */
  readonly datasetPath: string;
  /** The reflection a CREATE or DROP names; for a DROP it may be the reflection's id. */
  readonly reflectionName: string | null;
  readonly subject: string;
}

const TARGET_WORDS = new Set(['TABLE', 'VIEW', 'VDS', 'PDS', 'DATASET']);

/**
 * Reads the DDL that changes what queries run on: `ALTER TABLE|VIEW|DATASET path CREATE AGGREGATE|RAW
 * REFLECTION name …`, `… DROP REFLECTION name`, `… ADD|DROP PARTITION FIELD …` and `OPTIMIZE TABLE
 * path …`. Only the head of the statement is read: a hand-written statement may carry options our
 * recommendations never emit, and it still made the change. Anything else (a SELECT, `REFRESH
 * REFLECTIONS`, text that breaks off) is undefined. Never throws.
 */
export function readDdlChange(sql: string): DdlChange | undefined {
  const words = tokenize(sql).filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment');
  const c = new Reader(words);
  if (c.word('OPTIMIZE')) {
    if (!c.word('TABLE')) return undefined;
    const parts = c.path();
    return parts === undefined ? undefined : change('table-rewritten', parts, null);
  }
  if (!c.word('ALTER') || !c.oneOf(TARGET_WORDS)) return undefined;
  const parts = c.path();
  if (parts === undefined) return undefined;
  if (c.word('CREATE')) {
    if (!(c.word('AGGREGATE') || c.word('RAW')) || !c.word('REFLECTION')) return undefined;
    const name = c.name();
    return name === undefined ? undefined : change('reflection-created', parts, name);
  }
  if (c.word('DROP')) {
    if (c.word('REFLECTION')) {
      const name = c.name();
      return name === undefined ? undefined : change('reflection-dropped', parts, name);
    }
    return c.word('PARTITION') && c.word('FIELD') ? change('partition-spec-changed', parts, null) : undefined;
  }
  if (c.word('ADD') && c.word('PARTITION') && c.word('FIELD'))
    return change('partition-spec-changed', parts, null);
  return undefined;
}

function change(kind: ChangeKind, parts: readonly string[], reflectionName: string | null): DdlChange {
  const datasetPath = canonicalPath(parts);
  return {
    kind,
    pathParts: parts,
    datasetPath,
    reflectionName,
    subject: reflectionName === null ? datasetPath : reflectionSubject(datasetPath, reflectionName),
  };
}

class Reader {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  word(expected: string): boolean {
    const t = this.tokens[this.at];
    if (t === undefined || (t.kind !== 'keyword' && t.kind !== 'identifier') || t.value !== expected)
      return false;
    this.at++;
    return true;
  }

  oneOf(words: ReadonlySet<string>): boolean {
    const t = this.tokens[this.at];
    if (t === undefined || !words.has(t.value) || (t.kind !== 'keyword' && t.kind !== 'identifier'))
      return false;
    this.at++;
    return true;
  }

  /** An identifier as Dremio reads it: quoted text exactly, a bare word as written. */
  name(): string | undefined {
    const t = this.tokens[this.at];
    if (t === undefined) return undefined;
    if (t.kind === 'quoted-identifier') {
      this.at++;
      return t.value;
    }
    if (t.kind === 'identifier' || t.kind === 'keyword') {
      this.at++;
      return t.text;
    }
    return undefined;
  }

  path(): string[] | undefined {
    const first = this.name();
    if (first === undefined) return undefined;
    const parts = [first];
    while (this.tokens[this.at]?.text === '.') {
      this.at++;
      const next = this.name();
      if (next === undefined) return undefined;
      parts.push(next);
    }
    return parts;
  }
}
