/**
 * Evidence exactly as stored: a key/value list to read, and the raw JSON to check it against. Values are
 * shown as they are (no unit guessing beyond the key's own name, which carries the unit), so what the
 * reader sees is what the API holds.
 */
export function Evidence({ value, label }: { value: Readonly<Record<string, unknown>>; label: string }) {
  const entries = Object.entries(value);
  return (
    <div class="evidence">
      {entries.length === 0 ? (
        <p class="empty">No evidence was stored.</p>
      ) : (
        <dl class="facts" aria-label={label}>
          {entries.map(([key, v]) => (
            <EvidenceEntry key={key} name={key} value={v} />
          ))}
        </dl>
      )}
      <details>
        <summary>Raw JSON ({label.toLowerCase()})</summary>
        <pre class="raw-json">{JSON.stringify(value, null, 2)}</pre>
      </details>
    </div>
  );
}

function EvidenceEntry({ name, value }: { name: string; value: unknown }) {
  return (
    <>
      <dt>
        <code>{name}</code>
      </dt>
      <dd>{renderValue(value)}</dd>
    </>
  );
}

function renderValue(value: unknown) {
  if (value === null || value === undefined) return <span class="muted">null</span>;
  if (typeof value === 'number') return <span class="num">{String(value)}</span>;
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.length === 0 ? <span class="muted">[]</span> : value.map(String).join(', ');
  // A list of flat records (the thresholds crossed, say) reads best one record a line, fields as stored.
  if (Array.isArray(value) && value.every(isFlatRecord))
    return (
      <ul class="evidence-records">
        {value.map((record, i) => (
          <li key={i}>
            {Object.entries(record).map(([k, v], j) => (
              <span key={k}>
                {j > 0 && ' · '}
                <span class="muted">{k}</span> {v === null ? 'null' : String(v)}
              </span>
            ))}
          </li>
        ))}
      </ul>
    );
  // Other nested values stay JSON: flattening them would hide their shape.
  return <code class="evidence-json">{JSON.stringify(value)}</code>;
}

function isFlatRecord(value: unknown): value is Record<string, string | number | boolean | null> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === null || typeof v !== 'object')
  );
}
