/**
 * One copy of each distinct string (and list of strings) read in a batch. The driver makes a new string
 * for every row; a million jobs repeat a few dozen users, states and queues and a few thousand SQL
 * texts, and keeping one copy of each is most of the memory of the analysed window that is not dates.
 */
export class StringPool {
  readonly #strings = new Map<string, string>();
  readonly #lists = new Map<string, readonly string[]>();
  static readonly #EMPTY: readonly string[] = Object.freeze([]);

  intern(value: string): string;
  intern(value: string | null): string | null;
  intern(value: string | null): string | null {
    if (value === null) return null;
    const kept = this.#strings.get(value);
    if (kept !== undefined) return kept;
    this.#strings.set(value, value);
    return value;
  }

  /**
   * The list a JSON array of strings holds, parsed the first time its text is seen, then frozen and
   * shared: callers receive it as `readonly string[]` and must not change it.
   */
  listFromJson(json: string): readonly string[] {
    const kept = this.#lists.get(json);
    if (kept !== undefined) return kept;
    const parsed = JSON.parse(json) as unknown;
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
      throw new TypeError(`not a JSON array of strings: ${json.slice(0, 80)}`);
    }
    const list = parsed.length === 0 ? StringPool.#EMPTY : Object.freeze(parsed.map((v) => this.intern(v)));
    this.#lists.set(json, list);
    return list;
  }
}
