/** `sys.version` (Software only). */
import type { FlavorSpec } from '../../flavor.js';
import type { SimTable } from '../../world.js';

export function versionTable(flavor: FlavorSpec): SimTable {
  const [version = '', build = '', commit = ''] = flavor.dremioVersion.split('-');
  const buildTime = `${build.slice(0, 4)}-${build.slice(4, 6)}-${build.slice(6, 8)} ${build.slice(8, 10)}:${build.slice(10, 12)}:${build.slice(12, 14)}.000`;
  return {
    name: 'sys.version',
    columns: [
      { name: 'version', type: 'VARCHAR' },
      { name: 'commit_id', type: 'VARCHAR' },
      { name: 'commit_message', type: 'VARCHAR' },
      { name: 'commit_time', type: 'VARCHAR' },
      { name: 'build_email', type: 'VARCHAR' },
      { name: 'build_time', type: 'VARCHAR' },
    ],
    naturalOrder: [],
    scan: () => [
      {
        version: flavor.dremioVersion,
        commit_id: `${commit}${'0'.repeat(32)}`.slice(0, 40),
        commit_message: `[release] Dremio ${version}`,
        commit_time: buildTime,
        build_email: 'build@dremio.com',
        build_time: buildTime,
      },
    ],
  };
}
