import { isRecord } from '../field-values.js';

export const DOCUMENT_FORMATS = [
  'profile',
  'support-header',
  'jobs-results',
  'queries-json',
  'history-ndjson',
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
    if (
      'fragmentProfile' in firstValue ||
      'planPhases' in firstValue ||
      ('id' in firstValue && 'query' in firstValue && 'state' in firstValue)
    ) {
      return 'profile';
    }
    if (Array.isArray(firstValue.rows)) return 'jobs-results';
  }
  if ('queryId' in firstValue) return 'queries-json';
  if ('job_id' in firstValue) return 'history-ndjson';
  return 'unknown';
}
