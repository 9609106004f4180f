export type IntParam =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly message: string };

/** A non-negative integer query parameter with a default; anything else is a 400 for the caller. */
export function intParam(query: URLSearchParams, options: { name: string; fallback: number }): IntParam {
  const raw = query.get(options.name);
  if (raw === null || raw === '') return { ok: true, value: options.fallback };
  if (!/^\d+$/.test(raw)) {
    return { ok: false, message: `${options.name} must be a non-negative integer, got '${raw}'` };
  }
  return { ok: true, value: Number(raw) };
}
