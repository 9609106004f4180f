import { describe, expect, it } from 'vitest';
import { renderResultsPage } from './results-page.js';
import { jsonResponse } from './sim-response.js';

const result = {
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'tags', type: 'LIST' },
  ] as const,
  rowCount: 3,
  rows: (offset: number, limit: number) =>
    [
      { id: 5n, tags: ['a'] },
      { id: 2n ** 63n - 1n, tags: [] },
      { id: -(2n ** 60n), tags: null },
    ].slice(offset, offset + limit),
};

describe('renderResultsPage', () => {
  it('writes BIGINT values exactly, large or small, as JSON numbers', () => {
    const text = Buffer.from(
      jsonResponse(200, renderResultsPage(result, { offset: 0, limit: 10 })).body,
    ).toString('utf8');
    expect(text).toContain('{"id":5,"tags":["a"]}');
    expect(text).toContain('{"id":9223372036854775807,"tags":[]}');
    expect(text).toContain('{"id":-1152921504606846976,"tags":null}');
  });

  it("describes LIST columns with Dremio's subSchema and pages by offset and limit", () => {
    const page = renderResultsPage(result, { offset: 1, limit: 1 });
    expect(page.schema).toEqual([
      { name: 'id', type: { name: 'BIGINT' } },
      { name: 'tags', type: { name: 'LIST', subSchema: [{ type: { name: 'VARCHAR' } }] } },
    ]);
    expect(page.rowCount).toBe(3);
    expect(page.rows).toEqual([{ id: 2n ** 63n - 1n, tags: [] }]);
  });

  it('answers a job without a result set with an empty page', () => {
    expect(renderResultsPage(undefined, { offset: 0, limit: 100 })).toEqual({
      rowCount: 0,
      schema: [],
      rows: [],
    });
  });
});
