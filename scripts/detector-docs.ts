/**
 * Keeps the thresholds tables of docs/detectors.md in step with the registry: each detector's section
 * holds `<!-- thresholds:<id>:start -->` … `<!-- thresholds:<id>:end -->` with the table rendered from
 * its defaults. A missing block is inserted before the section's **Time at stake.** paragraph (or at the
 * end of the section).
 */
import type { Detector } from '../src/analysis/detector.js';
import { renderThresholdsTable } from '../src/format/thresholds-table.js';

export function thresholdsMarker(id: string): { readonly start: string; readonly end: string } {
  return { start: `<!-- thresholds:${id}:start -->`, end: `<!-- thresholds:${id}:end -->` };
}

export function thresholdsBlock(detector: Detector): string {
  const { start, end } = thresholdsMarker(detector.id);
  return `${start}\n**Defaults (generated from the registry).**\n\n${renderThresholdsTable(detector)}\n${end}`;
}

/** The block currently in the doc for this detector, or undefined when it has none. */
export function readThresholdsBlock(doc: string, id: string): string | undefined {
  const { start, end } = thresholdsMarker(id);
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  return from < 0 || to < from ? undefined : doc.slice(from, to + end.length);
}

export function updateDetectorDocs(doc: string, detectors: readonly Detector[]): string {
  let text = doc;
  for (const detector of detectors) {
    const block = thresholdsBlock(detector);
    const current = readThresholdsBlock(text, detector.id);
    if (current !== undefined) {
      text = text.replace(current, block);
      continue;
    }
    const heading = text.search(new RegExp(`^### ${detector.id}$`, 'm'));
    if (heading < 0) throw new Error(`docs/detectors.md has no "### ${detector.id}" section`);
    const body = text.indexOf('\n', heading) + 1;
    const next = text.slice(body).search(/^#{2,3} /m);
    const sectionEnd = next < 0 ? text.length : body + next;
    const stake = text.slice(heading, sectionEnd).search(/^\*\*Time at stake\.\*\*/m);
    const at = stake < 0 ? sectionEnd : heading + stake;
    const before = text.slice(0, at).replace(/\n*$/, '\n\n');
    text = `${before}${block}\n\n${text.slice(at).replace(/^\n+/, '')}`;
  }
  return text;
}
