import { unzipSync } from 'fflate';

export type ZipEntryResult =
  | { readonly kind: 'found'; readonly text: string; readonly bytes: number }
  | { readonly kind: 'missing'; readonly entries: readonly string[] }
  | { readonly kind: 'corrupt'; readonly message: string };

/**
 * Picks `profile_attempt_{N}.json` out of a support ZIP (`header.json`, one profile per attempt,
 * optional prepare and log files). Only the wanted entry is inflated.
 */
export function readProfileFromZip(zip: Uint8Array, attempt: number): ZipEntryResult {
  const wanted = `profile_attempt_${attempt}.json`;
  const names: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        names.push(file.name);
        return baseName(file.name) === wanted;
      },
    });
  } catch (error) {
    return { kind: 'corrupt', message: error instanceof Error ? error.message : String(error) };
  }
  const entry = Object.entries(files).find(([name]) => baseName(name) === wanted)?.[1];
  if (!entry) return { kind: 'missing', entries: names };
  return { kind: 'found', text: new TextDecoder().decode(entry), bytes: entry.byteLength };
}

function baseName(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash === -1 ? name : name.slice(slash + 1);
}
