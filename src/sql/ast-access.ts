/**
 * Defensive readers over the parser's JSON AST, which is typed `unknown` here: a shape we do not expect
 * yields `undefined` and the fact is skipped, never an exception.
 */
export type AstObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): AstObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as AstObject)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function field(value: unknown, key: string): unknown {
  return asObject(value)?.[key];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The single key of a Rust-enum-style node (`{"Select": {…}}`) and its payload; strings are unit variants. */
export function variant(value: unknown): { readonly tag: string; readonly body: unknown } | undefined {
  if (typeof value === 'string') return { tag: value, body: undefined };
  const obj = asObject(value);
  if (obj === undefined) return undefined;
  const keys = Object.keys(obj);
  if (keys.length !== 1) return undefined;
  return { tag: keys[0]!, body: obj[keys[0]!] };
}

/** Ident parts of an ObjectName: `[{Identifier: {value}}]` or `[{value}]`. */
export function objectNameParts(value: unknown): string[] {
  return asArray(value)
    .map((part) => asString(field(field(part, 'Identifier') ?? part, 'value')))
    .filter((part): part is string => part !== undefined);
}

export function identValue(value: unknown): string | undefined {
  return asString(field(value, 'value'));
}
