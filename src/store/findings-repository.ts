import { type Selectable, sql } from 'kysely';
import type { DetectorId } from '../domain/detector-id.js';
import type { Evidence, Finding, FindingSubject } from '../domain/finding.js';
import { subjectKey } from '../domain/finding.js';
import type { Severity } from '../domain/severity.js';
import { stringifyLosslessJson } from '../json/lossless-json.js';
import type { Db } from './db-handle.js';
import type { FindingsTable } from './schema.js';

export type FindingStatus = 'open' | 'resolved';

/** A finding as the store keeps it: the latest version plus when it was first and last seen. */
export interface StoredFinding extends Finding {
  readonly status: FindingStatus;
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  /** Analyses that reported it. */
  readonly occurrences: bigint;
  readonly resolvedAt: Date | null;
}

export interface SaveFindingsOptions {
  readonly clusterId: bigint;
  readonly findings: readonly Finding[];
  readonly seenAt: Date;
  /** Detectors that looked at their input: only their open findings can be resolved. */
  readonly evaluatedDetectors: readonly DetectorId[];
  /**
   * How much history this analysis looked at: from the start of its window (or of the data, when that
   * starts later) to the newest job, in ms. Stored with each finding seen; see `resolveMissing`.
   */
  readonly windowMs: number;
  /** Subjects a detector could not look at this time (`subjectKey`); their findings stay as they are. */
  readonly unseenSubjects?: readonly { readonly detector: DetectorId; readonly subjectKey: string }[];
}

export interface SaveFindingsResult {
  readonly inserted: number;
  readonly updated: number;
  /** Ids of open findings that were not seen again and are now resolved. */
  readonly resolvedIds: readonly string[];
  /** Ids of findings that opened with this analysis: new ones and resolved ones seen again. */
  readonly openedIds: readonly string[];
}

// 16 parameters a finding row (PostgreSQL allows 65,535 per statement); job links go as two arrays.
const FINDING_BATCH = 1000;
const LINK_BATCH = 10_000;

/**
 * Records one analysis' findings: new ones are inserted (first seen now), known ones updated (last seen
 * now, one more occurrence, reopened if they had been resolved), and open findings of the evaluated
 * detectors that did not come back are resolved. Each finding's affected jobs are replaced.
 */
export async function saveFindings(db: Db, options: SaveFindingsOptions): Promise<SaveFindingsResult> {
  // Before and after: a listing read that began while the rows were being written is not shared either.
  findingWrites++;
  try {
    return await writeFindings(db, options);
  } finally {
    findingWrites++;
  }
}

async function writeFindings(db: Db, options: SaveFindingsOptions): Promise<SaveFindingsResult> {
  let inserted = 0;
  const openedIds: string[] = [];
  for (let i = 0; i < options.findings.length; i += FINDING_BATCH) {
    const batch = options.findings.slice(i, i + FINDING_BATCH);
    // The upsert returns the new row only: which of the known ones were resolved is read before it.
    const reopened = await db
      .selectFrom('findings')
      .select('id')
      .where('cluster_id', '=', options.clusterId)
      .where('status', '=', 'resolved')
      .where(sql<boolean>`id = ANY(${sql.val(batch.map((f) => f.id))}::text[])`)
      .execute();
    openedIds.push(...reopened.map((r) => r.id));
    const rows = await db
      .insertInto('findings')
      .values(batch.map((f) => toRow(options.clusterId, f, options)))
      .onConflict((oc) =>
        oc.columns(['cluster_id', 'id']).doUpdateSet((eb) => ({
          severity: eb.ref('excluded.severity'),
          confidence: eb.ref('excluded.confidence'),
          title: eb.ref('excluded.title'),
          subject: eb.ref('excluded.subject'),
          evidence: eb.ref('excluded.evidence'),
          impact_ms_per_day: eb.ref('excluded.impact_ms_per_day'),
          status: 'open',
          resolved_at: null,
          last_seen_at: eb.ref('excluded.last_seen_at'),
          occurrences: sql<bigint>`findings.occurrences + 1`,
          seen_window_ms: eb.ref('excluded.seen_window_ms'),
        })),
      )
      .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
      .execute();
    const fresh = rows.filter((r) => r.inserted);
    inserted += fresh.length;
    openedIds.push(...fresh.map((r) => r.id));
    await replaceJobLinks(db, options.clusterId, batch);
  }
  const resolvedIds = await resolveMissing(db, options);
  return { inserted, updated: options.findings.length - inserted, resolvedIds, openedIds: openedIds.sort() };
}

/**
 * Makes each finding's job links the ones it lists. Links that stay are left alone, so a re-analysis of
 * a large window writes only what changed (rewriting every link was ~687k rows and half a minute at 1M
 * jobs). A link keeps its job's submit time and duration (migration 0007); a link to a job that had no
 * duration yet (still running when linked) is refreshed each time, since a finished job's times do not
 * change.
 */
async function replaceJobLinks(db: Db, clusterId: bigint, findings: readonly Finding[]): Promise<void> {
  if (findings.length === 0) return;
  const existing = await db
    .selectFrom('finding_jobs')
    .select(['finding_id', 'job_id', sql<boolean>`duration_ms IS NULL`.as('open')])
    .where('cluster_id', '=', clusterId)
    .where(sql<boolean>`finding_id = ANY(${sql.val(findings.map((f) => f.id))}::text[])`)
    .execute();
  const wanted = new Map(findings.map((f) => [f.id, new Set(f.jobIds)]));
  const stale: (readonly [string, string])[] = [];
  const kept = new Map<string, Set<string>>();
  for (const link of existing) {
    if (!wanted.get(link.finding_id)?.has(link.job_id)) {
      stale.push([link.finding_id, link.job_id]);
    } else if (!link.open) {
      const jobs = kept.get(link.finding_id) ?? new Set<string>();
      jobs.add(link.job_id);
      kept.set(link.finding_id, jobs);
    }
  }
  for (let i = 0; i < stale.length; i += LINK_BATCH) {
    const batch = stale.slice(i, i + LINK_BATCH);
    await sql`
      DELETE FROM finding_jobs fj
      USING unnest(${sql.val(batch.map((l) => l[0]))}::text[], ${sql.val(batch.map((l) => l[1]))}::text[])
              AS l (finding_id, job_id)
      WHERE fj.cluster_id = ${clusterId} AND fj.finding_id = l.finding_id AND fj.job_id = l.job_id`.execute(
      db,
    );
  }
  const links = [...wanted].flatMap(([findingId, jobIds]) => {
    const done = kept.get(findingId);
    return [...jobIds].filter((jobId) => !done?.has(jobId)).map((jobId) => [findingId, jobId] as const);
  });
  // Each link carries its job's submit time and duration (see migration 0007): the time at stake per
  // day then reads the links alone instead of joining every job of the window.
  for (let i = 0; i < links.length; i += LINK_BATCH) {
    const batch = links.slice(i, i + LINK_BATCH);
    await sql`
      INSERT INTO finding_jobs (cluster_id, finding_id, job_id, submitted_at, duration_ms)
      SELECT ${clusterId}, l.finding_id, l.job_id, j.submitted_at, j.duration_ms
      FROM unnest(${sql.val(batch.map((l) => l[0]))}::text[], ${sql.val(batch.map((l) => l[1]))}::text[])
             AS l (finding_id, job_id)
      LEFT JOIN jobs j ON j.cluster_id = ${clusterId} AND j.job_id = l.job_id
      ON CONFLICT (cluster_id, finding_id, job_id) DO UPDATE
        SET submitted_at = excluded.submitted_at, duration_ms = excluded.duration_ms`.execute(db);
  }
}

/**
 * Resolves the open findings this analysis covered but did not see again. A finding is covered when
 * (1) its detector was evaluated in this run (a `--detector` run leaves the others alone, and so does a
 * detector skipped for missing input), and (2) this run looked at least as far back as the run that
 * last saw it (`seen_window_ms`): a finding's evidence may reach back to the start of that window — a
 * regression's baseline does — so a narrower `--since` cannot tell that it is gone and leaves it open.
 * The window always ends at the newest job, so a later default run covers what an earlier one saw.
 * (3) A job detector that had jobs of the finding's subject in the window but could look at none of them
 * (no profile) does not cover it either (`unseenSubjects`).
 */
async function resolveMissing(db: Db, options: SaveFindingsOptions): Promise<readonly string[]> {
  if (options.evaluatedDetectors.length === 0) return [];
  const seen = options.findings.map((f) => f.id);
  const candidates = await db
    .selectFrom('findings')
    .select(['id', 'detector', 'subject_key'])
    .where('cluster_id', '=', options.clusterId)
    .where('status', '=', 'open')
    .where('detector', 'in', [...options.evaluatedDetectors])
    .where(sql<boolean>`NOT (id = ANY(${sql.val(seen)}::text[]))`)
    .where((eb) => eb.or([eb('seen_window_ms', 'is', null), eb('seen_window_ms', '<=', options.windowMs)]))
    .execute();
  const unseen = new Set((options.unseenSubjects ?? []).map((u) => `${u.detector}\u0000${u.subjectKey}`));
  const ids = candidates.filter((c) => !unseen.has(`${c.detector}\u0000${c.subject_key}`)).map((c) => c.id);
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('findings')
    .set({ status: 'resolved', resolved_at: options.seenAt })
    .where('cluster_id', '=', options.clusterId)
    .where(sql<boolean>`id = ANY(${sql.val(ids)}::text[])`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort();
}

export interface ListFindingsOptions {
  readonly status?: FindingStatus;
  readonly detector?: DetectorId;
}

/** A finding as a list shows it: without its evidence, and with the number of its jobs instead of their ids. */
export type FindingListing = Omit<StoredFinding, 'jobIds' | 'evidence'> & { readonly jobCount: number };

/**
 * Stored findings of a cluster for a list, the largest impact first. Reading the evidence (lossless
 * JSON) and every job link costs most of a full read, and a list needs neither.
 */
export function listFindingListings(
  db: Db,
  clusterId: bigint,
  options: ListingOptions = {},
): Promise<readonly FindingListing[]> {
  if (db.isTransaction) return readFindingListings(db, clusterId, options);
  let running = listingsInFlight.get(db);
  if (running === undefined) {
    running = new Map();
    listingsInFlight.set(db, running);
  }
  const key = `${clusterId}\u0000${options.changedAt?.getTime() ?? ''}`;
  const joined = running.get(key);
  if (joined !== undefined && joined.writes === findingWrites) return joined.result;
  const result = readFindingListings(db, clusterId, options).finally(() => {
    if (running.get(key)?.result === result) running.delete(key);
  });
  running.set(key, { writes: findingWrites, result });
  return result;
}

interface ListingOptions {
  /** Only the findings an analysis at this time opened or resolved (`first_seen_at`/`resolved_at`). */
  readonly changedAt?: Date;
}

/**
 * Reads of the listings already under way, per store handle: a dashboard asks for the findings list,
 * the summary and the changes at once, and each would read every finding of the cluster. A caller that
 * arrives while the same read is running shares its answer, which is what it would have got a moment
 * earlier; once this process has written findings since that read began (`findingWrites`), it reads
 * anew, so a caller always sees its own writes. Transactions never share.
 */
const listingsInFlight = new WeakMap<
  object,
  Map<string, { readonly writes: number; readonly result: Promise<readonly FindingListing[]> }>
>();
let findingWrites = 0;

async function readFindingListings(
  db: Db,
  clusterId: bigint,
  options: ListingOptions,
): Promise<readonly FindingListing[]> {
  const changedAt = options.changedAt;
  const rows = await db
    .selectFrom('findings as f')
    .select([
      'f.id',
      'f.detector',
      'f.severity',
      'f.confidence',
      'f.title',
      // Strings and nulls only (FindingSubject): JSON.parse reads it at a fraction of the lossless
      // parser's cost, which matters at thousands of findings a list.
      sql<string>`f.subject::text`.as('subject_text'),
      'f.impact_ms_per_day',
      'f.status',
      'f.first_seen_at',
      'f.last_seen_at',
      'f.occurrences',
      'f.resolved_at',
      sql<bigint>`(SELECT count(*) FROM finding_jobs j WHERE j.cluster_id = f.cluster_id AND j.finding_id = f.id)`.as(
        'job_count',
      ),
    ])
    .where('f.cluster_id', '=', clusterId)
    .$if(changedAt !== undefined, (q) =>
      q.where((eb) => eb.or([eb('f.first_seen_at', '=', changedAt!), eb('f.resolved_at', '=', changedAt!)])),
    )
    .orderBy('f.impact_ms_per_day', 'desc')
    .orderBy('f.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    detector: r.detector as DetectorId,
    severity: r.severity,
    confidence: r.confidence,
    title: r.title,
    subject: JSON.parse(r.subject_text) as FindingSubject,
    impactMsPerDay: r.impact_ms_per_day,
    status: r.status,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    occurrences: r.occurrences,
    resolvedAt: r.resolved_at,
    jobCount: Number(r.job_count),
  }));
}

/** Each finding's severity, by id: what a recommendation list needs of the findings it links to. */
export async function findingSeverities(db: Db, clusterId: bigint): Promise<ReadonlyMap<string, Severity>> {
  const rows = await db
    .selectFrom('findings')
    .select(['id', 'severity'])
    .where('cluster_id', '=', clusterId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.severity]));
}

/** Stored findings of a cluster, the largest impact first, each with its affected job ids. */
export async function listFindings(
  db: Db,
  clusterId: bigint,
  options: ListFindingsOptions = {},
): Promise<readonly StoredFinding[]> {
  let query = db.selectFrom('findings').selectAll().where('cluster_id', '=', clusterId);
  if (options.status !== undefined) query = query.where('status', '=', options.status);
  if (options.detector !== undefined) query = query.where('detector', '=', options.detector);
  const rows = await query.orderBy('impact_ms_per_day', 'desc').orderBy('id').execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('finding_jobs')
    .select(['finding_id', 'job_id'])
    .where('cluster_id', '=', clusterId)
    .where(
      'finding_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('job_id')
    .execute();
  const jobs = new Map<string, string[]>();
  for (const link of links) {
    const list = jobs.get(link.finding_id) ?? [];
    list.push(link.job_id);
    jobs.set(link.finding_id, list);
  }
  return rows.map((r) => fromRow(r, jobs.get(r.id) ?? []));
}

/** The clusters (by id) that hold a finding with this id, so `waive ID` can check the id exists. */
export async function clustersWithFinding(db: Db, findingId: string): Promise<readonly bigint[]> {
  const rows = await db.selectFrom('findings').select('cluster_id').where('id', '=', findingId).execute();
  return rows.map((r) => r.cluster_id);
}

function toRow(clusterId: bigint, f: Finding, seen: { readonly seenAt: Date; readonly windowMs: number }) {
  const { seenAt } = seen;
  return {
    cluster_id: clusterId,
    id: f.id,
    detector: f.detector,
    severity: f.severity,
    confidence: f.confidence,
    title: f.title,
    subject_kind: f.subject.kind,
    subject_key: subjectKey(f.subject),
    subject: stringifyLosslessJson(f.subject),
    evidence: stringifyLosslessJson(f.evidence),
    impact_ms_per_day: f.impactMsPerDay,
    status: 'open' as const,
    first_seen_at: seenAt,
    last_seen_at: seenAt,
    occurrences: 1,
    seen_window_ms: seen.windowMs,
  };
}

function fromRow(r: Selectable<FindingsTable>, jobIds: readonly string[]): StoredFinding {
  return {
    id: r.id,
    detector: r.detector as DetectorId,
    severity: r.severity,
    confidence: r.confidence,
    title: r.title,
    subject: r.subject as FindingSubject,
    jobIds,
    evidence: r.evidence as Evidence,
    impactMsPerDay: r.impact_ms_per_day,
    status: r.status,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    occurrences: r.occurrences,
    resolvedAt: r.resolved_at,
  };
}

/** What an alert says of a finding: its detector, severity and title, by id. */
export async function findingSummaries(
  db: Db,
  clusterId: bigint,
  ids: readonly string[],
): Promise<readonly Pick<StoredFinding, 'id' | 'detector' | 'severity' | 'title' | 'impactMsPerDay'>[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('findings')
    .select(['id', 'detector', 'severity', 'title', 'impact_ms_per_day'])
    .where('cluster_id', '=', clusterId)
    .where(sql<boolean>`id = ANY(${sql.val([...ids])}::text[])`)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    detector: r.detector as DetectorId,
    severity: r.severity,
    title: r.title,
    impactMsPerDay: r.impact_ms_per_day,
  }));
}
