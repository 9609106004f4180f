import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ProfileInputError } from './profile-input-error.js';

/** The names `analyze-profile` reads inside a directory; other files there are left alone. */
export const PROFILE_FILE = /\.(json|json\.gz|zip|tar\.gz|tgz|tar)$/i;

export interface FoundProfileFiles {
  /** In the order given, each directory's files sorted by path; a file is listed once. */
  readonly files: readonly string[];
  /** Directories holding no profile file at any depth, and directories that could not be listed. */
  readonly errors: readonly ProfileInputError[];
}

/**
 * Expands directories into the profile files at any depth below them; other paths pass through as they
 * are (a missing file is reported by the reader). Symbolic links are followed, but each directory and
 * file is visited once by its real path, so a link loop ends. Hidden entries (`.name`) are skipped, as
 * `import` does. A directory without any profile file is an error, like a missing file: it almost always
 * means a wrong path, and a silent success would hide it.
 */
export async function findProfileFiles(paths: readonly string[]): Promise<FoundProfileFiles> {
  const files: string[] = [];
  const errors: ProfileInputError[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() !== true) {
      files.push(path);
      continue;
    }
    const found: string[] = [];
    await walk(path, { found, errors, seen });
    if (found.length === 0 && !errors.some((e) => e.file === path)) {
      errors.push(
        new ProfileInputError(`${path} holds no profile files (at any depth).`, {
          code: 'INPUT_PROFILE_NOT_FOUND',
          file: path,
          hint: 'Pass a directory with .json, .json.gz, .zip, .tar, .tar.gz or .tgz profile files.',
        }),
      );
    }
    files.push(...found);
  }
  return { files, errors };
}

interface WalkState {
  readonly found: string[];
  readonly errors: ProfileInputError[];
  /** Real paths of the directories and files already visited. */
  readonly seen: Set<string>;
}

async function walk(dir: string, state: WalkState): Promise<void> {
  const real = await realpath(dir).catch(() => dir);
  if (state.seen.has(real)) return;
  state.seen.add(real);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  } catch (cause) {
    state.errors.push(
      new ProfileInputError(`${dir} cannot be listed.`, {
        code: 'INPUT_PROFILE_NOT_FOUND',
        file: dir,
        cause,
        hint: 'Check the path and permissions.',
      }),
    );
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    // A dangling link is a file that cannot be read: the reader says so for profile-named ones.
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() === true) {
      await walk(path, state);
      continue;
    }
    if (!PROFILE_FILE.test(name)) continue;
    const realFile = await realpath(path).catch(() => path);
    if (state.seen.has(realFile)) continue;
    state.seen.add(realFile);
    state.found.push(path);
  }
}
