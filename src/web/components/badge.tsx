/** Severity and status as a word with a colour: the word carries the meaning, the colour only helps. */
export function Badge({ value }: { value: string | null | undefined }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  return <span class={`badge badge-${value.replace(/[^a-z-]/gi, '').toLowerCase()}`}>{value}</span>;
}
