import { looksLikeProfile } from '../../profile/archive-entries.js';
import { isRecord } from '../field-values.js';

export const DOCUMENT_FORMATS = [
  'profile',
  'support-header',
  'jobs-results',
  'queries-json',
  'history-ndjson',
  'catalog-entity',
  'unknown',
] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/**
 * Decides what a document is from its name and content, never its extension alone: Dremio's tools
 * name files loosely (`queries.json` is NDJSON; exports are `.json` pages of results).
 */
export function detectFormat(name: string, firstValue: unknown, isNdjson: boolean): DocumentFormat {
  if (/(^|\/)header\.json$/i.test(name)) return 'support-header';
  if (!isRecord(firstValue))
    return Array.isArray(firstValue) && firstValue.some(isRecord) ? 'jobs-results' : 'unknown';
  if (!isNdjson) {
    // The same test analyze-profile applies, so the two commands agree on what a profile is.
    if (looksLikeProfile(firstValue)) return 'profile';
    if (Array.isArray(firstValue.rows)) return 'jobs-results';
    // An `/api/v3/catalog/{id}` answer for a table or view: its columns and format.
    if (firstValue.entityType === 'dataset' && Array.isArray(firstValue.path)) return 'catalog-entity';
  }
  if ('queryId' in firstValue) return 'queries-json';
  if ('job_id' in firstValue) return 'history-ndjson';
  return 'unknown';
}
