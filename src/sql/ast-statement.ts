import { asArray, field, variant } from './ast-access.js';
import { visitQuery } from './ast-query.js';
import type { FactSink } from './fact-sink.js';

/** A SELECT-shaped stand-in, so UPDATE and DELETE reuse the FROM/WHERE walk. */
function pseudoQuery(from: readonly unknown[], selection: unknown): unknown {
  return { body: { Select: { projection: [], from, selection } } };
}

/** Fills the sink from one parsed statement; statements without a query contribute nothing. */
export function visitStatement(statement: unknown, sink: FactSink): void {
  const v = variant(statement);
  if (v === undefined) return;
  const { tag, body } = v;
  if (tag === 'Query') visitQuery(body, { sink, parent: null, top: true });
  else if (tag === 'Insert') visitQuery(field(body, 'source'), { sink, parent: null });
  else if (tag === 'CreateTable' || tag === 'CreateView')
    visitQuery(field(body, 'query'), { sink, parent: null });
  else if (tag === 'Explain') visitStatement(field(body, 'statement'), sink);
  else if (tag === 'Update') {
    const from = [field(body, 'table'), ...asArray(field(body, 'from'))];
    visitQuery(pseudoQuery(from, field(body, 'selection')), { sink, parent: null });
  } else if (tag === 'Merge') {
    // The MERGE target is `target` (from tokens); its source is what the statement reads.
    visitQuery(pseudoQuery([{ relation: field(body, 'source'), joins: [] }], undefined), {
      sink,
      parent: null,
    });
  } else if (tag === 'Delete') {
    const from = variant(field(body, 'from'))?.body;
    visitQuery(pseudoQuery(asArray(from), field(body, 'selection')), { sink, parent: null });
  }
}
