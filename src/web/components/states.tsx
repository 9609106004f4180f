import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api.js';
import type { Loaded } from '../use-api.js';

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error }: { error: ApiError }) {
  return (
    <div class="error" role="alert">
      <strong>
        {error.status === 0 ? 'No answer from the API' : `The API refused (${error.status} ${error.code})`}
      </strong>
      <p>{error.message}</p>
      {error.problems.length > 0 && (
        <ul>
          {error.problems.map((p) => (
            <li key={p.field}>
              <code>{p.field}</code>: expected {p.expected}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** The data once loaded; meanwhile a status line, or the API's error as it said it. */
export function Async<T>(props: {
  loaded: Loaded<T>;
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  const { loaded } = props;
  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} />;
  if (loaded.data === undefined) return <Loading what={props.what} />;
  return <>{props.children(loaded.data)}</>;
}
