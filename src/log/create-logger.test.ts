import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { withLogFields } from './log-context.js';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines and never a secret, whether in a key, a message or an error', () => {
    const out = capture();
    const log = createLogger({
      level: 'debug',
      format: 'json',
      secrets: ['s3cr3t-token'],
      destination: out.stream,
    });
    log.debug({ password: 'hunter22', headers: { authorization: '_dremio abc' } }, 'login');
    log.info('using token s3cr3t-token for the request');
    log.warn({ err: new Error('rejected s3cr3t-token') }, 'failed');
    const text = out.text();
    expect(text).not.toMatch(/hunter22|s3cr3t-token|_dremio abc/);
    expect(text).toContain('[redacted]');
    expect(text.trim().split('\n')).toHaveLength(3);
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ msg: 'login', level: 20 });
  });

  it('respects the level', () => {
    const out = capture();
    createLogger({ level: 'warn', format: 'json', destination: out.stream }).info('hidden');
    expect(out.text()).toBe('');
  });

  it('adds the fields of the context it is called in to every line, across awaits, and only there', async () => {
    const out = capture();
    const log = createLogger({ level: 'info', format: 'json', destination: out.stream });
    await withLogFields({ requestId: 'r-1' }, async () => {
      log.info({ n: 1 }, 'first');
      await new Promise((resolve) => setImmediate(resolve));
      log.child({ part: 'deep' }).info('second');
    });
    log.info('after');
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ requestId: 'r-1', n: 1 });
    expect(lines[1]).toMatchObject({ requestId: 'r-1', part: 'deep' });
    expect(lines[1]).not.toHaveProperty('n');
    expect(lines[2]).not.toHaveProperty('requestId');
    // Tracing is off here: no trace ids.
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});
