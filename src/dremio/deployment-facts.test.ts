import { describe, expect, it } from 'vitest';
import { deploymentFromFacts, parseDremioVersion } from './deployment-facts.js';

describe('parseDremioVersion', () => {
  const cases = [
    { name: 'release build string', version: '25.1.1-202409260159070462-a4ee8e43', expected: [25, 1, 1] },
    { name: 'two parts', version: '24.3', expected: [24, 3, 0] },
    { name: 'cloud suffix', version: '26.1.0-cloud', expected: [26, 1, 0] },
    { name: 'unreadable', version: 'unknown', expected: [0, 0, 0] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseDremioVersion(c.version);
      expect([parsed.major, parsed.minor, parsed.patch]).toEqual(c.expected);
    });
  }
});

describe('deploymentFromFacts', () => {
  const software = (version: string, enterprise = false) =>
    deploymentFromFacts({ kind: 'software', version, enterprise, projectId: '' });

  it('uses jobs-listing before 24.3, where sys.jobs shows only active jobs', () => {
    expect(software('24.1.0').historyTable).toBe('jobs-listing');
    expect(software('24.1.0').historyColumns).toEqual([]);
  });

  it('uses sys.jobs_recent from 24.3, with 35 columns', () => {
    const d = software('24.3.2-202401241821100032-d2d8a497');
    expect(d.historyTable).toBe('sys.jobs_recent');
    expect(d.historyColumns).toHaveLength(35);
    expect(d.historyColumns).not.toContain('execution_cpu_time_millis');
  });

  it('adds the 25.1 columns and the 26.0 columns', () => {
    expect(software('25.1.1').historyColumns).toContain('execution_cpu_time_millis');
    expect(software('25.1.1').historyColumns).not.toContain('query_cost');
    expect(software('26.0.5').historyColumns).toContain('query_cost');
  });

  it('switches dataset lists to arrays at 26.1', () => {
    expect(software('26.0.5').datasetListsAreArrays).toBe(false);
    expect(software('26.1.0').datasetListsAreArrays).toBe(true);
  });

  it('lists reflections over REST only on Enterprise', () => {
    expect(software('25.1.1', true).reflectionSource).toBe('rest');
    expect(software('25.1.1', false).reflectionSource).toBe('sys-table');
  });

  it('Cloud: project history table, ns epochs, ZIP profiles, whatever the version says', () => {
    const d = deploymentFromFacts({ kind: 'cloud', version: 'unknown', enterprise: true, projectId: 'p1' });
    expect(d).toMatchObject({
      historyTable: 'sys.project.history.jobs',
      historyEpochUnit: 'ns',
      profileSource: 'zip',
      reflectionsTable: 'sys.project.reflections',
      projectId: 'p1',
    });
    expect(d.historyColumns).toContain('submitted_epoch');
  });
});
