import { describe, expect, it } from 'vitest';
import { describeDeployment } from './collect.js';

describe('describeDeployment', () => {
  it('names Dremio Cloud and Software as an administrator does, never "cloud unknown"', () => {
    expect(describeDeployment({ kind: 'cloud', version: 'unknown' })).toBe('Dremio Cloud');
    expect(describeDeployment({ kind: 'software', version: '25.1.0' })).toBe('Dremio Software 25.1.0');
    expect(describeDeployment({ kind: 'software', version: 'unknown' })).toBe(
      'Dremio Software (version not reported)',
    );
  });
});
