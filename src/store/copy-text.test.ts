import { describe, expect, it } from 'vitest';
import { COPY_NULL, copyField, copyJsonText, copyText, copyTextArray } from './copy-text.js';

describe('COPY text encoding', () => {
  it('escapes the characters COPY splits or unescapes on, and nothing else', () => {
    expect(copyText('plain text, "quoted" ünïcode 🚀')).toBe('plain text, "quoted" ünïcode 🚀');
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText('\\.')).toBe('\\\\.');
    expect(copyText('\\N')).toBe('\\\\N');
  });

  it('writes NUL, which text cannot hold, as U+FFFD', () => {
    expect(copyText('a\0b')).toBe('a\ufffdb');
  });

  it('writes null and undefined as NULL, and the empty string as itself', () => {
    expect(copyField(null)).toBe(COPY_NULL);
    expect(copyField(undefined)).toBe(COPY_NULL);
    expect(copyField('')).toBe('');
  });

  it('quotes every array element, so separators and the word NULL stay text', () => {
    expect(copyTextArray([])).toBe('{}');
    expect(copyTextArray(['a,b', 'NULL', '{x}', ' '])).toBe('{"a,b","NULL","{x}"," "}');
    // The element's own escapes, then the field's: a backslash is doubled twice.
    expect(copyTextArray(['q"\\'])).toBe('{"q\\\\"\\\\\\\\"}');
    expect(copyTextArray(['tab\t'])).toBe('{"tab\\t"}');
    expect(copyTextArray(null)).toBe(COPY_NULL);
  });

  it('doubles the backslashes of JSON text, the only special character JSON.stringify leaves', () => {
    const json = JSON.stringify({ s: 'a\tb\n"c"\\' });
    expect(copyJsonText(json)).toBe(copyText(json));
    expect(copyJsonText('{"a":1}')).toBe('{"a":1}');
  });
});
