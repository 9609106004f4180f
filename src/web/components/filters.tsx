import { useEffect, useState } from 'preact/hooks';
import { type Location, navigate, withQuery } from '../router.js';

/** A filter bound to one query parameter: changing it changes the URL, and the URL the list. */
export function SelectFilter(props: {
  where: Location;
  name: string;
  label: string;
  options: readonly (string | { value: string; label: string })[];
  /** The label of the empty choice (no filter). */
  any?: string;
}) {
  const id = `filter-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.where.query.get(props.name) ?? ''}
        onChange={(e) => navigate(withQuery(props.where, { [props.name]: e.currentTarget.value }))}
      >
        <option value="">{props.any ?? 'All'}</option>
        {props.options.map((o) => {
          const option = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/** A text filter applied on Enter or when the field is left, not on every key (each is a server query). */
export function TextFilter(props: {
  where: Location;
  name: string;
  label: string;
  placeholder?: string;
  type?: 'text' | 'datetime-local';
}) {
  const id = `filter-${props.name}`;
  const value = props.where.query.get(props.name) ?? '';
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const apply = () => {
    if (draft !== value) navigate(withQuery(props.where, { [props.name]: draft.trim() }));
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="search"
        value={draft}
        placeholder={props.placeholder}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
        onBlur={apply}
      />
    </div>
  );
}

export function FilterBar({ children }: { children: preact.ComponentChildren }) {
  return (
    <search>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {children}
      </form>
    </search>
  );
}
