/** Options for test worlds: a fixed `endAt` so every run of every test sees the same history. */
import type { Flavor } from '../flavor.js';
import type { WorldOptions } from '../world.js';

export function testWorldOptions(
  overrides: Partial<WorldOptions> & { readonly flavor?: Flavor } = {},
): WorldOptions {
  return {
    flavor: 'software-25.1',
    seed: 7,
    jobs: 5000,
    days: 14,
    endAt: new Date('2026-11-01T00:00:00Z'),
    userName: 'dremio',
    password: 'dremio123',
    token: 'test-token',
    projectId: '4f1c2c7e-2d7e-4a8e-9a8e-3d5c1b7a9e01',
    ...overrides,
  };
}
