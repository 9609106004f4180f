import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Repositories accept the database or an open transaction, so callers choose the unit of work. */
export type Db = Kysely<Database> | Transaction<Database>;
