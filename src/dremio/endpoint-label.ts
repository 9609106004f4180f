/**
 * A request's endpoint with its ids and names taken out (`GET /api/v3/job/:id`), so traces and metrics
 * group by endpoint and never carry a job id or a dataset path.
 */
// A job, reflection, catalog or project id: 8+ characters with a digit (UUIDs, hex, numbers).
const ID_SEGMENT = /^(?=[^/]*\d)[A-Za-z0-9_-]{8,}$/;
// Everything after these is a dataset or folder path chosen by the user.
const PATH_PREFIXES = new Set(['by-path']);

export function endpointLabel(method: string, path: string): string {
  const segments = path.split('?')[0]!.split('/');
  const out: string[] = [];
  for (const segment of segments) {
    if (PATH_PREFIXES.has(out[out.length - 1] ?? '')) {
      out.push(':path');
      break;
    }
    out.push(labelOf(segment));
  }
  return `${method.toUpperCase()} ${out.join('/')}`;
}

function labelOf(segment: string): string {
  const dot = segment.lastIndexOf('.');
  // `{id}.json` keeps its extension, which tells the raw profile from other downloads.
  const [base, ext] =
    dot > 0 && /^\.[a-z]+$/.test(segment.slice(dot))
      ? [segment.slice(0, dot), segment.slice(dot)]
      : [segment, ''];
  if (ID_SEGMENT.test(base)) return `:id${ext}`;
  if (segment.includes('%')) return ':name';
  return segment;
}
