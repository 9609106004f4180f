import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  /** Loads again (after a change the page made). */
  reload(): void;
}

/**
 * The result of one API read, reloaded when `deps` change; an answer that arrives after the page moved
 * on is dropped, so a fast filter change never shows the previous filter's list.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        if (current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (!current) return;
        setState({
          loading: false,
          error:
            error instanceof ApiError
              ? error
              : new ApiError(0, 'NETWORK', `the API did not answer: ${String(error)}`),
        });
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading,
    reload: () => setRound((r) => r + 1),
  };
}
