import { randomBytes } from 'node:crypto';
import type { FlavorSpec } from '../flavor.js';

export interface Credentials {
  readonly userName: string;
  readonly password: string;
  /** The personal access token (Enterprise and Cloud only). */
  readonly token: string;
}

export type AuthResult =
  | { readonly ok: true; readonly user: string; readonly token: string }
  | { readonly ok: false; readonly message: string };

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function newSessionToken(): string {
  return Array.from(randomBytes(26), (byte) => TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length]).join('');
}

/** The token inside an Authorization header: `_dremio<token>`, `Bearer <token>` or a bare token. */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('_dremio')) return trimmed.slice('_dremio'.length).trim();
  if (/^bearer\s/i.test(trimmed)) return trimmed.slice(6).trim();
  return trimmed;
}

/**
 * Login sessions with real-time expiry (so re-login can be tested with a short lifetime) and the
 * fixed personal access token, which only Enterprise and Cloud flavors accept.
 */
export class SessionStore {
  private readonly sessions = new Map<string, { readonly user: string; readonly expiresAtMs: number }>();
  private readonly credentials: Credentials;
  private readonly spec: FlavorSpec;
  private readonly lifetimeMs: number;

  constructor(options: { credentials: Credentials; spec: FlavorSpec; tokenLifetimeMs: number }) {
    this.credentials = options.credentials;
    this.spec = options.spec;
    this.lifetimeMs = options.tokenLifetimeMs;
  }

  /** Returns the new token and its expiry, or `undefined` for wrong credentials. */
  login(userName: string, password: string): { token: string; expiresAtMs: number } | undefined {
    if (userName !== this.credentials.userName || password !== this.credentials.password) return undefined;
    const token = newSessionToken();
    const expiresAtMs = Date.now() + this.lifetimeMs;
    this.sessions.set(token, { user: userName, expiresAtMs });
    return { token, expiresAtMs };
  }

  logout(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** Ends a session early, as a server restart or an administrator would. PATs are not affected. */
  expire(token: string): void {
    const session = this.sessions.get(token);
    if (session !== undefined) this.sessions.set(token, { user: session.user, expiresAtMs: 0 });
  }

  authenticate(authorization: string | undefined): AuthResult {
    const token = tokenFromHeader(authorization);
    if (token === undefined) return { ok: false, message: 'Missing authorization header.' };
    if (token === this.credentials.token) {
      return this.spec.enterprise
        ? { ok: true, user: this.credentials.userName, token }
        : { ok: false, message: 'Invalid token. Personal access tokens are not available in this edition.' };
    }
    if (this.spec.kind === 'cloud') return { ok: false, message: 'Invalid personal access token.' };
    const session = this.sessions.get(token);
    if (session === undefined) return { ok: false, message: 'Invalid token.' };
    if (session.expiresAtMs <= Date.now()) return { ok: false, message: 'Token expired. Log in again.' };
    return { ok: true, user: session.user, token };
  }
}
