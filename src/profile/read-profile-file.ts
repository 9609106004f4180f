import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseLosslessJson } from '../json/lossless-json.js';
import { entryRole, looksLikeProfile } from './archive-entries.js';
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS, formatBytes } from './archive-limits.js';
import { gunzipCapped } from './gunzip-capped.js';
import { ProfileInputError } from './profile-input-error.js';
import { isTar, readTarMembers } from './tar-entries.js';
import { type ArchiveMember, readZipMembers } from './zip-entries.js';

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

/**
 * Reads every profile attempt in a file: raw profile JSON, `.json.gz`, a support ZIP (all
 * `profile_attempt_N.json` plus `header.json`) or a `.tar.gz`/`.tgz` bundle, recognised by content.
 * Never throws for bad input: each unreadable file or member becomes a {@link ProfileInputError}.
 *
 * @example
 * const { profiles, errors } = await readProfileFile('5aae322c.zip');
 */
export async function readProfileFile(
  file: string,
  limits: Partial<ArchiveLimits> = {},
): Promise<ReadProfileResult> {
  const resolved: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const sizeError = await checkSize(file, resolved);
  if (sizeError !== undefined) return { profiles: [], errors: [sizeError] };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (cause) {
    return { profiles: [], errors: [notFound(file, cause)] };
  }
  return readProfileBytes({ file, bytes, limits: resolved });
}

/** Same as {@link readProfileFile} for bytes already in memory; `file` names them in messages. */
export function readProfileBytes(options: {
  file: string;
  bytes: Uint8Array;
  limits?: ArchiveLimits;
}): ReadProfileResult {
  const { file, bytes } = options;
  const limits = options.limits ?? DEFAULT_ARCHIVE_LIMITS;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readZip({ file, bytes, limits });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const gunzipped = gunzipCapped({ data: bytes, limits });
    if (!gunzipped.ok) return fail(archiveError({ file, reason: gunzipped.reason, format: 'gzip' }));
    if (isTar(gunzipped.data)) return readTar({ file, bytes: gunzipped.data });
    return readSingle({ source: file, bytes: gunzipped.data, attempt: attemptFromName(file) });
  }
  if (isTar(bytes)) return readTar({ file, bytes });
  return readSingle({ source: file, bytes, attempt: attemptFromName(file) });
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

function readZip(options: { file: string; bytes: Uint8Array; limits: ArchiveLimits }): ReadProfileResult {
  const { file } = options;
  const zip = readZipMembers({
    data: options.bytes,
    limits: options.limits,
    wanted: (name) => entryRole(name).kind !== 'skip',
  });
  if (!zip.ok) return fail(archiveError({ file, reason: zip.reason, format: 'ZIP', bomb: zip.bomb }));
  return readMembers({ file, members: zip.members, format: 'ZIP' });
}

function readTar(options: { file: string; bytes: Uint8Array }): ReadProfileResult {
  const tar = readTarMembers(options.bytes);
  if (!tar.ok) return fail(archiveError({ file: options.file, reason: tar.reason, format: 'tar' }));
  return readMembers({ file: options.file, members: tar.members, format: 'tar' });
}

function readMembers(options: { file: string; members: readonly ArchiveMember[]; format: string }) {
  const { file } = options;
  const headerMember = options.members.find((m) => entryRole(m.name).kind === 'header');
  const header =
    headerMember === undefined
      ? undefined
      : readSingle({ source: '', bytes: headerMember.data, attempt: 0, requireProfile: false });
  const profiles: RawProfileEntry[] = [];
  const errors: ProfileInputError[] = [];
  for (const member of options.members) {
    const role = entryRole(member.name);
    if (role.kind !== 'profile' && role.kind !== 'candidate') continue;
    const attempt = role.kind === 'profile' ? role.attempt : attemptFromName(member.name);
    const result = readSingle({ source: `${file}!${member.name}`, bytes: member.data, attempt });
    // A stray JSON file in a bundle that is not a profile is not an error.
    if (role.kind === 'candidate' && result.errors[0]?.code === 'INPUT_PROFILE_NOT_A_PROFILE') continue;
    errors.push(...result.errors);
    for (const entry of result.profiles) profiles.push({ ...entry, header: header?.profiles[0]?.raw });
  }
  profiles.sort((a, b) => a.attempt - b.attempt || a.source.localeCompare(b.source));
  if (profiles.length === 0 && errors.length === 0) {
    errors.push(
      new ProfileInputError(
        `${file}: the ${options.format} archive holds no profile_attempt_N.json or profile JSON.`,
        {
          code: 'INPUT_PROFILE_EMPTY_ARCHIVE',
          file,
          hint: 'Download the profile from the job page ("Download Profile") or /apiv2/support/{jobId}/download.',
        },
      ),
    );
  }
  return { profiles, errors };
}

function readSingle(options: {
  source: string;
  bytes: Uint8Array;
  attempt: number;
  requireProfile?: boolean;
}) {
  const { source } = options;
  const text = decoder.decode(options.bytes);
  let raw: unknown;
  try {
    raw = parseLosslessJson(text);
  } catch (cause) {
    if (isQueriesJsonLine(firstLine(text))) return fail(queriesLogError(source));
    const detail = cause instanceof Error ? cause.message : String(cause);
    return fail(
      new ProfileInputError(`${source} is not readable profile JSON: ${detail}`, {
        code: 'INPUT_PROFILE_MALFORMED',
        file: source,
        cause,
        hint: 'Check the file is complete; re-download the profile if it was cut short.',
      }),
    );
  }
  if (options.requireProfile !== false && !looksLikeProfile(raw) && isQueriesJsonLine(raw)) {
    return fail(queriesLogError(source));
  }
  if (options.requireProfile !== false && !looksLikeProfile(raw)) {
    return fail(
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
  return { profiles: [{ source, attempt: options.attempt, raw }], errors: [] };
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

function fail(error: ProfileInputError): ReadProfileResult {
  return { profiles: [], errors: [error] };
}

function attemptFromName(name: string): number {
  const match = /profile_attempt_(\d+)/.exec(basename(name));
  return match === null ? 0 : Number(match[1]);
}
