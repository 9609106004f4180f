import { describe, expect, it } from 'vitest';
import { redactSqlFields } from './redact-output.js';

describe('redactSqlFields', () => {
  it('redacts SQL fields by the SQL lexer and quoted values in any other text', () => {
    const finding = {
      id: 'f1',
      title: 'Query scans every column of crm.customers',
      subject: {
        kind: 'fingerprint',
        sampleSql: "SELECT * FROM crm.customers WHERE email = 'alice@example.com' AND score > 4711",
      },
      evidence: {
        filter: "email = 'alice@example.com'",
        plan: ["Filter(condition=[=($2, 'bob@example.com')])"],
        bytesScanned: 2e9,
        thresholds: [{ quantity: 'bytesScanned', unit: 'bytes' }],
      },
    };
    const shown = redactSqlFields(finding);
    const text = JSON.stringify(shown);
    expect(text).not.toContain('alice@example.com');
    expect(text).not.toContain('bob@example.com');
    expect(text).not.toContain('4711');
    expect(shown).toMatchObject({
      title: finding.title,
      subject: { sampleSql: "SELECT * FROM crm.customers WHERE email = '***' AND score > ?" },
      evidence: { filter: "email = '***'", bytesScanned: 2e9, thresholds: [{ unit: 'bytes' }] },
    });
    expect(finding.evidence.filter).toContain('alice');
  });
});
