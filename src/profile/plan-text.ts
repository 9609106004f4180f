/**
 * Parses Dremio's physical plan text, one operator per line:
 * `00-08    EasyScan(table=[…], splits=[1]) : rowType = RecordType(…): rowcount = 5288.0, cumulative cost = {…}, id = 1444`.
 * Lines that do not look like this are skipped, never fatal.
 */

export interface PlanNode {
  /** `MM-OO`, the same key the profile's operators get. */
  readonly key: string;
  readonly majorFragmentId: number;
  readonly operatorId: number;
  /** Nesting depth from the indentation; the root is 0. */
  readonly depth: number;
  /** Key of the enclosing operator in the plan tree, undefined for the root. */
  readonly parentKey: string | undefined;
  readonly childKeys: readonly string[];
  /** `EasyScan`, `HashJoin`, `TableFunction`, … */
  readonly name: string;
  /** Top-level `name=value` attributes, outer brackets removed: `{ table: 'a.b', splits: '1' }`. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly rowCount: number | undefined;
  readonly line: string;
}

const LINE_HEAD = /^(\s*)(\d{2,})-(\d{2,})(\s+)([A-Za-z_$][\w$.]*)/;
const ROW_COUNT = /:\s*rowcount\s*=\s*([-+\d.eE]+|Infinity|NaN)/;

/** Every operator line of a plan, in text order, with parent/child links from the indentation. */
export function parsePlanText(planText: string): readonly PlanNode[] {
  const nodes: MutableNode[] = [];
  const stack: MutableNode[] = [];
  for (const line of planText.split(/\r?\n/)) {
    const head = LINE_HEAD.exec(line);
    if (head === null) continue;
    const indent = (head[1] ?? '').length + (head[4] ?? '').length;
    const rest = line.slice(head[0].length);
    const attributeText = rest.startsWith('(') ? balancedPrefix(rest) : '';
    const afterAttributes = rest.slice(attributeText.length);
    while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
    const parent = stack.at(-1);
    const node: MutableNode = {
      key: `${head[2]}-${head[3]}`,
      majorFragmentId: Number(head[2]),
      operatorId: Number(head[3]),
      depth: stack.length,
      parentKey: parent?.key,
      childKeys: [],
      name: head[5] ?? '',
      attributes: parseAttributes(attributeText.slice(1, -1)),
      rowCount: parseRowCount(afterAttributes),
      line,
      indent,
    };
    parent?.childKeys.push(node.key);
    nodes.push(node);
    stack.push(node);
  }
  return nodes.map(({ indent: _indent, ...node }) => node);
}

const ANY_NODE_HEAD = /^\s*(?:\d{2,}-\d{2,}\s+)?([A-Za-z_$][\w$.]*)\(/;

/**
 * Operator name and attributes of every line of any plan text, with or without the `MM-OO` prefix:
 * the logical plans of `planPhases` carry pruning attributes (`partitionFilters=`) that the final
 * physical plan may not repeat.
 */
export function parsePlanLineAttributes(
  planText: string,
): readonly { readonly name: string; readonly attributes: Readonly<Record<string, string>> }[] {
  const lines: { name: string; attributes: Readonly<Record<string, string>> }[] = [];
  for (const line of planText.split(/\r?\n/)) {
    const head = ANY_NODE_HEAD.exec(line);
    if (head === null) continue;
    const attributeText = balancedPrefix(line.slice(head[0].length - 1));
    lines.push({ name: head[1] ?? '', attributes: parseAttributes(attributeText.slice(1, -1)) });
  }
  return lines;
}

interface MutableNode extends Omit<PlanNode, 'childKeys'> {
  readonly childKeys: string[];
  readonly indent: number;
}

function parseRowCount(text: string): number | undefined {
  const match = ROW_COUNT.exec(text);
  if (match === null) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : undefined;
}

const OPEN = '([{';
const CLOSE = ')]}';

/** The text from an opening `(` to its matching `)`, or the whole text when it never closes. */
function balancedPrefix(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) {
      depth--;
      if (depth === 0) return text.slice(0, i + 1);
    }
  }
  return text;
}

/** Splits `a=[x, y], b=[z], Table Function Type=[DATA_FILE_SCAN]` at top-level commas. */
export function parseAttributes(text: string): Readonly<Record<string, string>> {
  const attributes: Record<string, string> = Object.create(null);
  for (const part of splitTopLevel(text)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
    if (name !== '' && !Object.hasOwn(attributes, name)) attributes[name] = value;
  }
  return attributes;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}
