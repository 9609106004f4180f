import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../api/openapi-types.js';
import { clearKey, readKey } from './session.js';

let inFlight = 0;
/**
 * Counts the API requests under way on the page element (`data-busy`): a list being refreshed keeps its
 * old rows until the new ones arrive, so the page shows a thin progress line meanwhile (styles.css),
 * and a test knows when the page has everything it asked for.
 */
async function countedFetch(request: Request): Promise<Response> {
  const root = globalThis.document?.documentElement;
  inFlight++;
  root?.setAttribute('data-busy', String(inFlight));
  try {
    return await fetch(request);
  } finally {
    inFlight--;
    if (inFlight === 0) root?.removeAttribute('data-busy');
    else root?.setAttribute('data-busy', String(inFlight));
  }
}

/** The public REST API, typed from its OpenAPI document: the dashboard calls nothing else. */
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '', fetch: countedFetch });

export type Schemas = components['schemas'];

/** An answer of the API that is not a success, with the API's own code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly { field?: string; expected?: string }[] = [],
  ) {
    super(message);
  }
}

/** Listeners told when the key is refused, so the page shows the sign-in form again. */
const signedOut = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  signedOut.add(listener);
  return () => signedOut.delete(listener);
}

const auth: Middleware = {
  onRequest({ request }) {
    const key = readKey();
    // The key travels in a header only: never in a URL, where logs and history would keep it.
    if (key !== undefined) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && readKey() !== undefined) {
      clearKey();
      for (const listener of signedOut) listener();
    }
    return response;
  },
};
api.use(auth);

interface ErrorBody {
  readonly error?: { code?: string; message?: string; problems?: { field?: string; expected?: string }[] };
}

/** The data of an openapi-fetch result, or the API's error thrown as an ApiError. */
export async function unwrap<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok && data !== undefined) return data;
  const body = (error ?? {}) as ErrorBody;
  throw new ApiError(
    response.status,
    body.error?.code ?? `HTTP_${response.status}`,
    body.error?.message ?? `the API answered ${response.status} ${response.statusText}`,
    body.error?.problems ?? [],
  );
}
