import { describe, expect, it } from 'vitest';
import { cloudRegionOf, describeDeployment } from './describe-deployment.js';

const PROJECT = '5e1c2a44-8f0b-4d59-9a3c-2f7e6b1d0c93';

describe('describeDeployment', () => {
  it('names Dremio Cloud and Software as an administrator does, never "cloud unknown"', () => {
    expect(describeDeployment({ kind: 'cloud', version: 'unknown' })).toBe('Dremio Cloud');
    expect(describeDeployment({ kind: 'software', version: '25.1.0' })).toBe('Dremio Software 25.1.0');
    expect(describeDeployment({ kind: 'software', version: 'unknown' })).toBe(
      'Dremio Software (version not reported)',
    );
  });

  it.each([
    { name: 'the US host', url: 'https://api.dremio.cloud', region: 'US' },
    { name: 'the US host with the /v0 path', url: 'https://api.dremio.cloud/v0/', region: 'US' },
    { name: 'the EU host', url: 'https://API.EU.dremio.cloud', region: 'EU' },
  ])('names the Cloud project and its region from $name', ({ url, region }) => {
    expect(cloudRegionOf(url)).toBe(region);
    expect(describeDeployment({ kind: 'cloud', version: 'unknown' }, { url, projectId: PROJECT })).toBe(
      `Dremio Cloud project ${PROJECT} in the ${region} region`,
    );
  });

  it('says where the API is when its host names no region, and keeps a version Cloud reports', () => {
    expect(cloudRegionOf('http://127.0.0.1:9047')).toBeUndefined();
    expect(cloudRegionOf('not a url')).toBeUndefined();
    expect(
      describeDeployment(
        { kind: 'cloud', version: '26.0.0' },
        { url: 'http://127.0.0.1:9047', projectId: PROJECT },
      ),
    ).toBe(`Dremio Cloud project ${PROJECT} (region unknown: API at 127.0.0.1:9047) (version 26.0.0)`);
    // Software has no project: the source changes nothing.
    expect(
      describeDeployment(
        { kind: 'software', version: '25.1.0' },
        { url: 'https://api.dremio.cloud', projectId: '' },
      ),
    ).toBe('Dremio Software 25.1.0');
  });
});
