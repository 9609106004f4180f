import { SETTINGS } from './settings.js';

/** The README's configuration table, generated from the schema so the two cannot drift apart. */
export function renderConfigTable(): string {
  const rows = SETTINGS.map((s) => {
    const fallback =
      s.defaultValue === undefined || (Array.isArray(s.defaultValue) && s.defaultValue.length === 0)
        ? '(unset)'
        : `\`${String(s.defaultValue)}\``;
    const secret = s.secret ? ' Secret: masked in output and logs.' : '';
    return `| \`${s.env}\` | \`${s.key}\` | ${fallback} | ${s.description}${secret} |`;
  });
  return ['| Variable | Config-file key | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}
