import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Schemas } from './api.js';

export type Session = Schemas extends { sessionOutput: infer S } ? S : { client: string; scopes: string[] };

export const SessionContext = createContext<{ client: string; scopes: readonly string[] }>({
  client: '',
  scopes: [],
});

/** Whether the signed-in key has a scope: a read-only key sees no button it could not use. */
export function useCan(scope: 'read' | 'write' | 'apply'): boolean {
  return useContext(SessionContext).scopes.includes(scope);
}
