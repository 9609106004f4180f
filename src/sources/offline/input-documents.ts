import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatBytes } from '../../domain/units.js';
import { type ArchiveLimits, entryLimitReason } from '../../profile/archive-limits.js';
import { gunzipCapped } from '../../profile/gunzip-capped.js';
import { isTar, readTarMembers } from '../../profile/tar-entries.js';
import { ZipRefused, zipEntryNames, zipMembers } from '../../profile/zip-entries.js';

/** One readable unit: a plain file, or a member of an archive named `file!member`. */
export interface InputDocument {
  readonly ref: string;
  readonly name: string;
  readonly bytes: Uint8Array;
}

export type DocumentOutcome =
  | { readonly ok: true; readonly document: InputDocument }
  /** Nothing read from `ref`; a `warning` skipped something on purpose (a `..` entry), not an error. */
  | { readonly ok: false; readonly ref: string; readonly reason: string; readonly warning?: boolean };

const MAX_NESTING = 3;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A file to read; `inDirectory` when it was found by walking a directory rather than named. */
export interface InputFile {
  readonly path: string;
  readonly inDirectory: boolean;
}

export interface InputListing {
  readonly files: InputFile[];
  readonly missing: string[];
  /** Symlink loops and links back into a folder already read: not followed, each reported once. */
  readonly warnings: { readonly where: string; readonly reason: string }[];
}

/**
 * Every file under the given paths (directories recursively, hidden entries skipped), in a stable order.
 * Links are followed, but each real directory and file is visited once (by device and inode), so a
 * symlink loop ends and a file reached by two paths is read once.
 */
export function listInputFiles(paths: readonly string[]): InputListing {
  const listing: InputListing = { files: [], missing: [], warnings: [] };
  const seen = new Map<string, string>();
  const visit = (path: string, inDirectory: boolean) => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP')
        listing.warnings.push({
          where: path,
          reason: 'a symlink loop (it resolves to itself); not followed',
        });
      else listing.missing.push(path);
      return;
    }
    const key = `${stat.dev}:${stat.ino}`;
    const first = seen.get(key);
    if (first !== undefined) {
      if (stat.isDirectory())
        listing.warnings.push({
          where: path,
          reason: `leads back to ${first}, already read (a symlink loop or a second link); not followed`,
        });
      return;
    }
    seen.set(key, path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) visit(join(path, name), true);
    } else if (stat.isFile()) listing.files.push({ path, inDirectory });
  };
  for (const p of paths) visit(p, false);
  return listing;
}

/**
 * Reads one file and unpacks gzip, ZIP and tar (also nested, e.g. a ZIP of `.json.gz` logs) into
 * documents, refusing anything over the size limits before it is materialised.
 */
export function* readDocuments(file: string, limits: ArchiveLimits): Generator<DocumentOutcome> {
  const size = statSync(file).size;
  if (size > limits.maxFileBytes) {
    yield {
      ok: false,
      ref: file,
      reason: `file is ${formatBytes(size)}, over the ${formatBytes(limits.maxFileBytes)} limit (PROFILES_MAX_FILE_BYTES)`,
    };
    return;
  }
  yield* unpack({ ref: file, name: basename(file), bytes: readFileSync(file) }, limits, { depth: 0 });
}

// `depth` counts archives inside archives; a .tgz or .json.gz is one level, not two, so gunzipping
// adds a level only when it yields gzip again.
function* unpack(
  doc: InputDocument,
  limits: ArchiveLimits,
  level: { readonly depth: number; readonly gunzipped?: boolean },
): Generator<DocumentOutcome> {
  const { depth } = level;
  if (depth > MAX_NESTING) {
    yield { ok: false, ref: doc.ref, reason: `archives nested more than ${MAX_NESTING} deep are not read` };
    return;
  }
  if (startsWith(doc.bytes, GZIP_MAGIC)) {
    const result = gunzipCapped({ data: doc.bytes, limits });
    if (!result.ok) {
      yield { ok: false, ref: doc.ref, reason: `refused: ${result.reason}` };
      return;
    }
    const name = doc.name.replace(/\.(tgz)$/i, '.tar').replace(/\.gz$/i, '');
    yield* unpack({ ref: doc.ref, name, bytes: result.data }, limits, {
      depth: level.gunzipped === true ? depth + 1 : depth,
      gunzipped: true,
    });
  } else if (startsWith(doc.bytes, ZIP_MAGIC)) {
    yield* unpackZip(doc, limits, depth);
  } else if (isTar(doc.bytes)) {
    const result = readTarMembers(doc.bytes);
    if (!result.ok) {
      yield { ok: false, ref: doc.ref, reason: `unreadable tar: ${result.reason}` };
      return;
    }
    for (const m of result.members) {
      if (escapes(m.name)) yield escapeWarning(doc.ref, m.name);
      else if (m.data.length > limits.maxFileBytes)
        yield { ok: false, ref: `${doc.ref}!${m.name}`, reason: `refused: ${entryLimitReason(limits)}` };
      else if (!isHidden(m.name))
        yield* unpack({ ref: `${doc.ref}!${m.name}`, name: m.name, bytes: m.data }, limits, {
          depth: depth + 1,
        });
    }
  } else {
    yield { ok: true, document: doc };
  }
}

// Members are inflated one at a time and handed on, so only the member in hand is held in memory.
function* unpackZip(doc: InputDocument, limits: ArchiveLimits, depth: number): Generator<DocumentOutcome> {
  try {
    for (const name of zipEntryNames(doc.bytes)) if (escapes(name)) yield escapeWarning(doc.ref, name);
    const members = zipMembers({
      data: doc.bytes,
      limits,
      wanted: (n) => !n.endsWith('/') && !escapes(n) && !isHidden(n),
    });
    for (const m of members) {
      const ref = `${doc.ref}!${m.name}`;
      if (!m.ok) yield { ok: false, ref, reason: `refused: ${m.reason}` };
      else yield* unpack({ ref, name: m.name, bytes: m.data }, limits, { depth: depth + 1 });
    }
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    yield { ok: false, ref: doc.ref, reason: `unreadable ZIP: ${error.reason}` };
  }
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function isHidden(name: string): boolean {
  return name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

// Nothing is ever extracted to disk, so a `..` entry is harmless here, but it is how a hostile archive
// aims outside its folder: say so rather than skip it like a hidden file.
function escapes(name: string): boolean {
  return name.startsWith('/') || name.split(/[\\/]/).includes('..');
}

function escapeWarning(archive: string, name: string): DocumentOutcome {
  return {
    ok: false,
    warning: true,
    ref: `${archive}!${name}`,
    reason: `skipped: the entry's path leaves the archive ("${name}" has a ".." part or is absolute); rebuild the archive with relative paths if it belongs in the import`,
  };
}
