import { describe, expect, it } from 'vitest';
import { createRedactor, redactUrl, secretsInUrl } from './redact-text.js';

describe('redactor', () => {
  const r = createRedactor(['hunter2-long', 'ab']);

  it('removes known values, also JSON-escaped and URL-encoded, but not values too short to be secrets', () => {
    expect(r.redact('pw hunter2-long, "hunter2-long", hunter2-long%21')).toBe(
      'pw [redacted], "[redacted]", [redacted]%21',
    );
    const quoted = createRedactor(['a"b/c+d']);
    expect(quoted.redact('{"x":"a\\"b/c+d"} a%22b%2Fc%2Bd')).toBe('{"x":"[redacted]"} [redacted]');
    expect(r.redact('tab ab')).toBe('tab ab');
  });

  it('removes the shapes a secret takes when its value is unknown', () => {
    const cases: [string, string][] = [
      ['authorization: Bearer eyJhbGciOi.x-y', 'authorization: Bearer [redacted]'],
      ['password=****', 'password=****'],
      ["WHERE password = 'x1' AND token = ?", "WHERE password = '[redacted]' AND token = ?"],
      ['"authorization":"_dremioabc123def"', '"authorization":"[redacted]"'],
      ['header _dremioabc123def sent', 'header _dremio[redacted] sent'],
      ['Bearer abcd1234', 'Bearer [redacted]'],
      ['postgres://me:pa55word@db:5432/x', 'postgres://me:[redacted]@db:5432/x'],
      ['postgres://me:****@db/x', 'postgres://me:****@db/x'],
      ['https://h/x?user=me&password=pa55&ssl=1', 'https://h/x?user=me&password=[redacted]&ssl=1'],
      ['{"userName":"me","password":"pa55"}', '{"userName":"me","password":"[redacted]"}'],
      ['api_key: sk-123456', 'api_key: [redacted]'],
      ['x-api-key: sk-123456', 'x-api-key: [redacted]'],
    ];
    for (const [input, output] of cases) expect(createRedactor().redact(input)).toBe(output);
  });

  it('leaves ordinary text alone', () => {
    const text =
      'DREMIO_PASSWORD  ****  [environment]; 12 tokens; the password is set; Bearer; DREMIO_PASSWORD=dremio123';
    expect(createRedactor().redact(text)).toBe(text);
  });

  it('learns secrets later, for every stream that shares it', () => {
    const later = createRedactor();
    later.add(['from-the-config-file']);
    expect(later.redact('x from-the-config-file')).toBe('x [redacted]');
  });
});

describe('database URLs', () => {
  const url = 'postgres://me:p%40ss-word@db:5432/x?password=q%2Bpw-1234&sslmode=require';

  it('shows a URL with every password masked', () => {
    expect(redactUrl(url)).toBe('postgres://me:****@db:5432/x?password=****&sslmode=require');
  });

  it('names the secrets a URL carries, raw and decoded', () => {
    expect(secretsInUrl(url)).toEqual(
      expect.arrayContaining(['p%40ss-word', 'p@ss-word', 'q+pw-1234', 'q%2Bpw-1234']),
    );
  });
});
