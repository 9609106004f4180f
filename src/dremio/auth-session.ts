import { z } from 'zod';
import { DremioError } from '../errors.js';
import type { DremioAuth } from './connection-options.js';

const loginResponseSchema = z.looseObject({
  token: z.string().min(1),
  userName: z.string().optional(),
  version: z.string().optional(),
  admin: z.boolean().optional(),
  expires: z.number().optional(),
});

/** What `POST /apiv2/login` told us besides the token. */
export interface LoginInfo {
  readonly userName: string;
  readonly version: string | undefined;
  readonly admin: boolean | undefined;
  readonly expiresAtMs: number | undefined;
}

export function parseLoginResponse(body: unknown, endpoint: string): { token: string; info: LoginInfo } {
  const parsed = loginResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new DremioError(`The login answer from ${endpoint} has no token`, {
      cause: parsed.error,
      endpoint,
      code: 'DREMIO_BAD_RESPONSE',
      hint: 'Check that DREMIO_URL points at the Dremio coordinator (port 9047 by default), not a proxy page.',
    });
  }
  const { token, userName, version, admin, expires } = parsed.data;
  return { token, info: { userName: userName ?? '', version, admin, expiresAtMs: expires } };
}

/**
 * Holds the credentials' current `Authorization` header. Password sessions log in lazily and log in
 * again when Dremio answers 401 (tokens live 30 h); concurrent 401s share one login. PATs cannot be
 * refreshed, so a 401 on a PAT is final.
 */
export class AuthSession {
  readonly method: DremioAuth['kind'];
  #auth: DremioAuth;
  #login: () => Promise<{ token: string; info: LoginInfo }>;
  #header: string | undefined;
  #pending: Promise<string> | undefined;
  #info: LoginInfo | undefined;
  #accepted = false;

  constructor(auth: DremioAuth, login: () => Promise<{ token: string; info: LoginInfo }>) {
    this.method = auth.kind;
    this.#auth = auth;
    this.#login = login;
    if (auth.kind === 'pat') this.#header = `Bearer ${auth.token}`;
  }

  /** Login details, once a password login has happened. */
  get loginInfo(): LoginInfo | undefined {
    return this.#info;
  }

  header(): Promise<string> {
    if (this.#header !== undefined) return Promise.resolve(this.#header);
    return this.#relogin();
  }

  /** True once Dremio has accepted our credentials. */
  get everAccepted(): boolean {
    return this.#accepted;
  }

  /** Records that Dremio accepted our credentials at least once. */
  noteAccepted(): void {
    this.#accepted = true;
  }

  /**
   * Called after a 401 with the header that was rejected; true when retrying can help. A password
   * session logs in again. A PAT cannot be refreshed, but one that worked before may have hit a
   * transient rejection, so it is retried within the attempt budget; one never accepted fails fast.
   */
  async refresh(rejectedHeader: string): Promise<boolean> {
    if (this.#auth.kind === 'pat') return this.#accepted;
    if (this.#header !== undefined && this.#header !== rejectedHeader) return true;
    this.#header = undefined;
    await this.#relogin();
    return true;
  }

  #relogin(): Promise<string> {
    this.#pending ??= this.#login()
      .then(({ token, info }) => {
        this.#info = info;
        this.#header = `_dremio${token}`;
        return this.#header;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}
