import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatBytes } from '../domain/units.js';
import { parseLosslessJson } from '../json/lossless-json.js';
import { entryRole, looksLikeProfile } from './archive-entries.js';
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive-limits.js';
import { gunzipCapped } from './gunzip-capped.js';
import { ProfileInputError } from './profile-input-error.js';
import { isTar, readTarMembers } from './tar-entries.js';
import { type ArchiveMember, type ZipMemberOutcome, ZipRefused, zipMembers } from './zip-entries.js';

/** One profile attempt read from disk, still raw (lossless JSON). */
export interface RawProfileEntry {
  /** The file, or `file!entry` for a member of an archive. */
  readonly source: string;
  /** 0-based attempt, from `profile_attempt_N.json` (0 when the name does not say). */
  readonly attempt: number;
  readonly raw: unknown;
  /** The support bundle's `header.json`, when the archive has one. */
  readonly header?: unknown;
}

export interface ReadProfileResult {
  readonly profiles: readonly RawProfileEntry[];
  readonly errors: readonly ProfileInputError[];
}

const decoder = new TextDecoder();

/** One item of {@link profileEntries}: a profile attempt, or why a file or member could not be read. */
export type ProfileEntryOutcome =
  | { readonly profile: RawProfileEntry; readonly error?: undefined }
  | { readonly error: ProfileInputError; readonly profile?: undefined };

/**
 * Reads every profile attempt in a file: raw profile JSON, `.json.gz`, a support ZIP (all
 * `profile_attempt_N.json` plus `header.json`) or a `.tar.gz`/`.tgz` bundle, recognised by content.
 * Never throws for bad input: each unreadable file or member becomes a {@link ProfileInputError}.
 * Holds every attempt at once; {@link profileEntries} holds one at a time.
 *
 * @example
 * const { profiles, errors } = await readProfileFile('5aae322c.zip');
 */
export async function readProfileFile(
  file: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<ReadProfileResult> {
  return collect(await profileEntries(file, limits));
}

/**
 * The attempts of a file one at a time, in attempt order: an archive member is inflated and parsed only
 * when the caller asks for it, so a bundle of large attempts costs one attempt's memory, not all of them.
 */
export async function profileEntries(
  file: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<Iterable<ProfileEntryOutcome>> {
  const resolved: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const sizeError = await checkSize(file, resolved);
  if (sizeError !== undefined) return [{ error: sizeError }];
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (cause) {
    return [{ error: notFound(file, cause) }];
  }
  return entriesOfBytes({ file, bytes, limits: resolved });
}

/** Same as {@link readProfileFile} for bytes already in memory; `file` names them in messages. */
export function readProfileBytes(options: {
  file: string;
  bytes: Uint8Array;
  limits?: ArchiveLimits;
}): ReadProfileResult {
  return collect(entriesOfBytes({ ...options, limits: options.limits ?? DEFAULT_ARCHIVE_LIMITS }));
}

/** Attempt order, then source: the order every caller presents a file's attempts in. */
export function byAttempt(
  a: { readonly attempt: number; readonly source: string },
  b: { readonly attempt: number; readonly source: string },
): number {
  return a.attempt - b.attempt || a.source.localeCompare(b.source);
}

function collect(entries: Iterable<ProfileEntryOutcome>): ReadProfileResult {
  const profiles: RawProfileEntry[] = [];
  const errors: ProfileInputError[] = [];
  for (const entry of entries) {
    if (entry.error !== undefined) errors.push(entry.error);
    else profiles.push(entry.profile);
  }
  profiles.sort(byAttempt);
  return { profiles, errors };
}

function* entriesOfBytes(options: {
  file: string;
  bytes: Uint8Array;
  limits: ArchiveLimits;
}): Generator<ProfileEntryOutcome> {
  const { file, bytes, limits } = options;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return yield* readZip({ file, bytes, limits });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const gunzipped = gunzipCapped({ data: bytes, limits });
    if (!gunzipped.ok) return yield* fail(archiveError({ file, reason: gunzipped.reason, format: 'gzip' }));
    if (isTar(gunzipped.data)) return yield* readTar({ file, bytes: gunzipped.data });
    return yield* readSingle({ source: file, bytes: gunzipped.data, attempt: attemptFromName(file) });
  }
  if (isTar(bytes)) return yield* readTar({ file, bytes });
  return yield* readSingle({ source: file, bytes, attempt: attemptFromName(file) });
}

async function checkSize(file: string, limits: ArchiveLimits): Promise<ProfileInputError | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      return new ProfileInputError(`${file} is not a regular file.`, {
        code: 'INPUT_PROFILE_NOT_FOUND',
        file,
        hint: 'Pass profile files (.json, .json.gz, .zip, .tar.gz, .tgz).',
      });
    }
    if (info.size <= limits.maxFileBytes) return undefined;
    return new ProfileInputError(
      `${file} is ${formatBytes(info.size)}, over the ${formatBytes(limits.maxFileBytes)} limit for one profile file.`,
      { code: 'INPUT_PROFILE_TOO_LARGE', file, hint: 'Raise maxFileBytes if this file is trusted.' },
    );
  } catch (cause) {
    return notFound(file, cause);
  }
}

function* readZip(options: { file: string; bytes: Uint8Array; limits: ArchiveLimits }) {
  const { file, bytes, limits } = options;
  const members = (wanted: (name: string) => boolean) => zipMembers({ data: bytes, limits, wanted });
  try {
    yield* readMembers({
      file,
      format: 'ZIP',
      // The header describes every attempt, so it is read first, whatever its place in the archive.
      header: () => {
        const header = first(members((name) => entryRole(name).kind === 'header'));
        return header?.ok === true ? header : undefined;
      },
      attempts: members(isAttempt),
    });
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    yield* fail(archiveError({ file, reason: error.reason, format: 'ZIP', bomb: error.bomb }));
  }
}

function* readTar(options: { file: string; bytes: Uint8Array }) {
  const tar = readTarMembers(options.bytes);
  if (!tar.ok) return yield* fail(archiveError({ file: options.file, reason: tar.reason, format: 'tar' }));
  // Tar members are views on the (already bounded) unpacked bytes; only parsing is done one at a time.
  yield* readMembers({
    file: options.file,
    format: 'tar',
    header: () => tar.members.find((m) => entryRole(m.name).kind === 'header'),
    attempts: tar.members.filter((m) => isAttempt(m.name)).map((m) => ({ ok: true as const, ...m })),
  });
}

function isAttempt(name: string): boolean {
  const kind = entryRole(name).kind;
  return kind === 'profile' || kind === 'candidate';
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}

/** Attempts in archive order (callers that need attempt order sort what they keep, e.g. summaries). */
function* readMembers(options: {
  file: string;
  format: string;
  header: () => ArchiveMember | undefined;
  attempts: Iterable<ZipMemberOutcome>;
}): Generator<ProfileEntryOutcome> {
  const { file } = options;
  const headerMember = options.header();
  const header =
    headerMember === undefined
      ? undefined
      : collect(readSingle({ source: '', bytes: headerMember.data, attempt: 0, requireProfile: false }))
          .profiles[0]?.raw;
  let yielded = 0;
  for (const member of options.attempts) {
    if (!member.ok) {
      // One member over a limit is refused alone; the other attempts are still read.
      yielded++;
      const source = `${file}!${member.name}`;
      yield {
        error: new ProfileInputError(`${source}: refused: ${member.reason}.`, {
          code: member.reason.includes('PROFILES_MAX_FILE_BYTES')
            ? 'INPUT_PROFILE_TOO_LARGE'
            : 'INPUT_PROFILE_MALFORMED',
          file: source,
        }),
      };
      continue;
    }
    const role = entryRole(member.name);
    const attempt = role.kind === 'profile' ? role.attempt : attemptFromName(member.name);
    for (const outcome of readSingle({ source: `${file}!${member.name}`, bytes: member.data, attempt })) {
      // A stray JSON file in a bundle that is not a profile is not an error.
      if (role.kind === 'candidate' && outcome.error?.code === 'INPUT_PROFILE_NOT_A_PROFILE') continue;
      yielded++;
      yield outcome.profile === undefined ? outcome : { profile: { ...outcome.profile, header } };
    }
  }
  if (yielded === 0) {
    yield {
      error: new ProfileInputError(
        `${file}: the ${options.format} archive holds no profile_attempt_N.json or profile JSON.`,
        {
          code: 'INPUT_PROFILE_EMPTY_ARCHIVE',
          file,
          hint: 'Download the profile from the job page ("Download Profile") or /apiv2/support/{jobId}/download.',
        },
      ),
    };
  }
}

function* readSingle(options: {
  source: string;
  bytes: Uint8Array;
  attempt: number;
  requireProfile?: boolean;
}): Generator<ProfileEntryOutcome> {
  const { source } = options;
  const text = decoder.decode(options.bytes);
  let raw: unknown;
  try {
    raw = parseLosslessJson(text);
  } catch (cause) {
    if (isQueriesJsonLine(firstLine(text))) return yield* fail(queriesLogError(source));
    const detail = cause instanceof Error ? cause.message : String(cause);
    return yield* fail(
      new ProfileInputError(`${source} is not readable profile JSON: ${detail}`, {
        code: 'INPUT_PROFILE_MALFORMED',
        file: source,
        cause,
        hint: 'Check the file is complete; re-download the profile if it was cut short.',
      }),
    );
  }
  if (options.requireProfile !== false && !looksLikeProfile(raw) && isQueriesJsonLine(raw)) {
    return yield* fail(queriesLogError(source));
  }
  if (options.requireProfile !== false && !looksLikeProfile(raw)) {
    return yield* fail(
      new ProfileInputError(
        `${source} is JSON but not a Dremio query profile (no id, plan or fragmentProfile).`,
        {
          code: 'INPUT_PROFILE_NOT_A_PROFILE',
          file: source,
          hint: 'Pass the JSON from /apiv2/profiles/{jobId}.json or a support ZIP.',
        },
      ),
    );
  }
  yield { profile: { source, attempt: options.attempt, raw } };
}

function firstLine(text: string): unknown {
  const line = text.split('\n').find((l) => l.trim() !== '');
  try {
    return line === undefined ? undefined : parseLosslessJson(line);
  } catch {
    return undefined;
  }
}

// queries.json (one job per line, `queryId`) is a job log, not a profile: import reads it.
function isQueriesJsonLine(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'queryId' in value && !looksLikeProfile(value);
}

function queriesLogError(source: string): ProfileInputError {
  return new ProfileInputError(
    `${source} is a queries.json job log (one job per line with queryId), not a query profile.`,
    {
      code: 'INPUT_PROFILE_QUERIES_LOG',
      file: source,
      hint: 'Load it into the store with the import command, which reads queries.json logs.',
    },
  );
}

function archiveError(options: { file: string; reason: string; format: string; bomb?: boolean }) {
  const bomb = options.bomb === true || /limit max/.test(options.reason);
  return new ProfileInputError(
    `${options.file}: refused ${options.format} input because ${options.reason}.`,
    {
      code: bomb ? 'INPUT_PROFILE_ARCHIVE_BOMB' : 'INPUT_PROFILE_MALFORMED',
      file: options.file,
      hint: bomb ? 'Raise the limit only for archives you trust.' : 'The archive looks damaged or cut short.',
    },
  );
}

function notFound(file: string, cause: unknown): ProfileInputError {
  return new ProfileInputError(`${file} cannot be read.`, {
    code: 'INPUT_PROFILE_NOT_FOUND',
    file,
    cause,
    hint: 'Check the path and permissions.',
  });
}

function* fail(error: ProfileInputError): Generator<ProfileEntryOutcome> {
  yield { error };
}

function attemptFromName(name: string): number {
  const match = /profile_attempt_(\d+)/.exec(basename(name));
  return match === null ? 0 : Number(match[1]);
}
