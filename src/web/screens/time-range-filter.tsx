import { useEffect, useState } from 'preact/hooks';
import { type Location, navigate, withQuery } from '../router.js';

/** `2026-11-30 10:00`, `2026-11-30T10:00:05`, `2026-11-30` or a full ISO instant: always read as UTC. */
export function parseUtc(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(?::(\d{2}(?:\.\d+)?))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    trimmed,
  );
  if (m === null) return undefined;
  const iso = `${m[1]}T${m[2] ?? '00:00'}:${m[3] ?? '00'}${m[4] ?? 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The URL's instant as the field shows it: UTC, seconds, no `T`/`Z` noise. */
function shown(iso: string): string {
  return iso === '' ? '' : iso.replace('T', ' ').replace(/(\.000)?Z$/, '');
}

/**
 * A time bound typed as UTC text (a browser's datetime-local would use the reader's zone, while Dremio
 * and the API speak UTC). Applied on Enter or leaving the field; text that is not a time says so and
 * leaves the list as it was.
 */
export function UtcTimeFilter(props: { where: Location; name: string; label: string }) {
  const id = `filter-${props.name}`;
  const value = shown(props.where.query.get(props.name) ?? '');
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState(false);
  useEffect(() => {
    setDraft(value);
    setProblem(false);
  }, [value]);
  const apply = () => {
    if (draft === value) return;
    const iso = parseUtc(draft);
    setProblem(iso === undefined);
    if (iso !== undefined) navigate(withQuery(props.where, { [props.name]: iso }));
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={draft}
        placeholder="YYYY-MM-DD HH:MM"
        aria-invalid={problem}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
        onBlur={apply}
      />
      {problem && (
        <span id={`${id}-problem`} class="field-problem" role="alert">
          Not a UTC time: write it as 2026-11-30 10:00
        </span>
      )}
    </div>
  );
}
