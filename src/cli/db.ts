import { resolve } from 'node:path';
import { stringifyWire } from '../app/wire-json.js';
import { ConfigError } from '../errors.js';
import { currentHolder, forceUnlockDataDir } from '../store/data-dir-lock.js';
import { loadMigrations, migrate, readStoreStatus, type StoreStatus } from '../store/index.js';
import type { CliCommand } from './command.js';
import { formatOption, type OutputFormat } from './format-option.js';
import { withStore } from './with-store.js';

export const dbCommand: CliCommand = {
  name: 'db',
  register(program, context) {
    const db = program
      .command('db')
      .description('manage the store (embedded PGlite, or PostgreSQL via DATABASE_URL)');
    db.command('migrate')
      .description('apply pending schema migrations')
      .action(async () => {
        const applied = await withStore(context, { command: 'db migrate', migrate: false }, (store) =>
          store.withSession((s) => migrate(s, loadMigrations())),
        );
        context.print(
          applied.length === 0
            ? 'schema is up to date; nothing to apply'
            : applied.map((m) => `applied ${String(m.version).padStart(4, '0')}_${m.name}`).join('\n'),
        );
      });
    db.command('status')
      .description('show the backend, where the data lives, migrations and row counts')
      .addOption(formatOption())
      .action(async (options: { format: OutputFormat }) => {
        const status = await withStore(context, { command: 'db status', migrate: false }, readStoreStatus);
        context.print(options.format === 'json' ? statusJson(status) : statusText(status));
      });
    db.command('unlock')
      .description(
        "take over the embedded store's lock from a process that cannot be proven gone (another host or container)",
      )
      .option('--confirm', 'really take it over; without it, only show who holds it', false)
      .action((options: { confirm: boolean }) => {
        const config = context.config();
        if (config.database.url !== undefined)
          throw new ConfigError('`db unlock` is for the embedded store; DATABASE_URL is set', {
            problems: [{ key: 'DATABASE_URL', value: '(set)', expected: 'unset, to use the embedded store' }],
          });
        const dir = resolve(context.io.cwd, config.dataDir);
        const holder = currentHolder(dir);
        if (holder === undefined || holder.released === true) {
          context.print(`the embedded store in ${dir} is not locked`);
          return;
        }
        const who = `process ${holder.pid} on ${holder.host} (\`${holder.command}\`, since ${holder.since})`;
        if (!options.confirm) {
          context.print(
            `the embedded store in ${dir} is locked by ${who}.\nIf that process is gone, run again with --confirm to take the lock over; if it still runs, two processes writing one store lose data.`,
          );
          return;
        }
        forceUnlockDataDir(dir);
        context.print(`unlocked the embedded store in ${dir} (it was locked by ${who})`);
      });
  },
};

function statusText(status: StoreStatus): string {
  const lines = [
    `backend:    ${status.backend === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}`,
    `location:   ${status.location}`,
    `migrations: ${status.migrations.applied.length} applied, ${status.migrations.pending.length} pending`,
  ];
  for (const m of status.migrations.pending)
    lines.push(`  pending ${String(m.version).padStart(4, '0')}_${m.name}`);
  if (status.migrations.pending.length > 0) lines.push('run `dremio-optimizer db migrate` to apply them');
  for (const [table, count] of Object.entries(status.rowCounts))
    lines.push(`${`${table}:`.padEnd(19)} ${count}`);
  return lines.join('\n');
}

function statusJson(status: StoreStatus): string {
  return stringifyWire(
    {
      backend: status.backend,
      location: status.location,
      migrations: {
        applied: status.migrations.applied,
        pending: status.migrations.pending.map((m) => ({ version: m.version, name: m.name })),
      },
      rowCounts: status.rowCounts,
    },
    2,
  );
}
