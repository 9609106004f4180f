import { describe, expect, it } from 'vitest';
import { textSafeJson } from './text-safe-json.js';

describe('textSafeJson', () => {
  it('replaces NUL and unpaired surrogates, keeps paired ones and everything else', () => {
    const value = { a: 'x\u0000y', b: 'lone \ud800 high', c: 'lone \udc01 low', d: 'pair 😀', e: 'é\u0001' };
    const parsed = JSON.parse(textSafeJson(JSON.stringify(value)));
    expect(parsed).toEqual({
      a: 'x\ufffdy',
      b: 'lone \ufffd high',
      c: 'lone \ufffd low',
      d: 'pair 😀',
      e: 'é\u0001',
    });
  });

  it('leaves escaped backslashes that merely look like an escape', () => {
    const value = { sql: String.raw`SELECT '\u0000', '\\ud800'` };
    const json = JSON.stringify(value);
    expect(textSafeJson(json)).toBe(json);
  });

  it('returns text without escapes unchanged', () => {
    const json = JSON.stringify({ plain: 'SELECT 1' });
    expect(textSafeJson(json)).toBe(json);
  });
});
