import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type ArchiveLimits, formatBytes } from '../../profile/archive-limits.js';
import { gunzipCapped } from '../../profile/gunzip-capped.js';
import { isTar, readTarMembers } from '../../profile/tar-entries.js';
import { readZipMembers } from '../../profile/zip-entries.js';

/** One readable unit: a plain file, or a member of an archive named `file!member`. */
export interface InputDocument {
  readonly ref: string;
  readonly name: string;
  readonly bytes: Uint8Array;
}

export type DocumentOutcome =
  | { readonly ok: true; readonly document: InputDocument }
  | { readonly ok: false; readonly ref: string; readonly reason: string };

const MAX_NESTING = 3;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A file to read; `inDirectory` when it was found by walking a directory rather than named. */
export interface InputFile {
  readonly path: string;
  readonly inDirectory: boolean;
}

/** Every file under the given paths (directories recursively, hidden entries skipped), in a stable order. */
export function listInputFiles(paths: readonly string[]): { files: InputFile[]; missing: string[] } {
  const files: InputFile[] = [];
  const missing: string[] = [];
  const visit = (path: string, inDirectory: boolean) => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      missing.push(path);
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) visit(join(path, name), true);
    } else if (stat.isFile()) files.push({ path, inDirectory });
  };
  for (const p of paths) visit(p, false);
  return { files, missing };
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
    const result = readZipMembers({
      data: doc.bytes,
      limits,
      wanted: (n) => !n.endsWith('/') && !isHidden(n),
    });
    if (!result.ok) {
      yield { ok: false, ref: doc.ref, reason: `unreadable ZIP: ${result.reason}` };
      return;
    }
    for (const m of result.members)
      yield* unpack({ ref: `${doc.ref}!${m.name}`, name: m.name, bytes: m.data }, limits, {
        depth: depth + 1,
      });
  } else if (isTar(doc.bytes)) {
    const result = readTarMembers(doc.bytes);
    if (!result.ok) {
      yield { ok: false, ref: doc.ref, reason: `unreadable tar: ${result.reason}` };
      return;
    }
    for (const m of result.members) {
      if (!isHidden(m.name))
        yield* unpack({ ref: `${doc.ref}!${m.name}`, name: m.name, bytes: m.data }, limits, {
          depth: depth + 1,
        });
    }
  } else {
    yield { ok: true, document: doc };
  }
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function isHidden(name: string): boolean {
  return name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}
