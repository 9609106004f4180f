import { afterEach, describe, expect, it } from 'vitest';
import { PII_FINDING, seedWorld } from '../agent/agent-world.js';
import { type CliStore, seededCliStore } from '../support/cli-store.js';
import { runCli } from '../support/run-cli.js';
import { testBackends } from '../support/store-backends.js';

describe.each(testBackends())('waivers list and revoke [$name]', (backend) => {
  let cli: CliStore | undefined;
  afterEach(async () => {
    await cli?.dispose();
    cli = undefined;
  });

  it('lists a waiver, revokes it so its finding is reported again, and keeps the record', async () => {
    cli = await seededCliStore(backend, seedWorld);
    const cwd = cli.cwd;
    const env = { ...cli.env, COLUMNS: '120' };
    const statusOf = async () => {
      const shown = await runCli(['findings', 'show', PII_FINDING.id, '--format', 'json'], {
        env,
        cwd,
      });
      return JSON.parse(shown.stdout).status as string;
    };
    expect((await runCli(['waivers', 'list'], { env, cwd })).stdout).toContain('No waivers.');
    const waived = await runCli(['waive', PII_FINDING.id, '--reason', 'accepted: PII audit query'], {
      env,
      cwd,
    });
    expect(waived.exitCode).toBe(0);
    expect(await statusOf()).toBe('waived');

    const list = await runCli(['waivers', 'list'], { env, cwd });
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s*ID\s+STATE\s+CLUSTER\s+UNTIL\s+WAIVES, WHY AND BY WHOM$/);
    expect(lines[1]).toMatch(
      new RegExp(`^\\s*1\\s+active\\s+every\\s+never\\s+${PII_FINDING.id} — accepted: PII audit query`),
    );

    const revoke = await runCli(['waivers', 'revoke', '1', '--reason', 'the audit ended'], { env, cwd });
    expect(revoke.exitCode).toBe(0);
    expect(revoke.stdout).toContain(`waiver 1 revoked: ${PII_FINDING.id} is reported again`);
    expect(await statusOf()).toBe('open');

    const json = JSON.parse((await runCli(['waivers', 'list', '--format', 'json'], { env, cwd })).stdout);
    expect(json.items).toMatchObject([
      { id: 1, active: false, reason: 'accepted: PII audit query', revokeReason: 'the audit ended' },
    ]);
    expect(json.items[0].revokedAt).not.toBeNull();
    expect((await runCli(['waivers', 'list'], { env, cwd })).stdout).toMatch(/1\s+revoked\s+every/);

    const again = await runCli(['waivers', 'revoke', '1', '--reason', 'twice'], { env, cwd });
    expect(again.exitCode).not.toBe(0);
    expect(again.stderr).toContain('waiver 1 was already revoked');
    const missing = await runCli(['waivers', 'revoke', '99', '--reason', 'x'], { env, cwd });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('no waiver 99');
  });
});
