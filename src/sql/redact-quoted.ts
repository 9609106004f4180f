/** A quoted value inside free text (an error message, a plan excerpt, a filter): `'alice@example.com'`. */
const QUOTED = /'(?:[^']|'')*'/g;

/**
 * Free text (not a statement) with every single-quoted value replaced by `'***'`: what evidence, plan
 * excerpts and messages quote from a query is a literal of the workload. Numbers stay, since outside SQL
 * they are the product's own measurements.
 */
export function redactQuoted(text: string): string {
  return text.replace(QUOTED, "'***'");
}
