import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGeneratedSection } from '../../scripts/readme-sections.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { renderConfigTable } from '../../src/config/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('holds the configuration table generated from the schema (run `npm run docs` after changing it)', () => {
    expect(readGeneratedSection(readme, 'config-table')).toBe(renderConfigTable());
  });

  it('documents every command', () => {
    for (const command of COMMANDS) expect(readme).toContain(`| \`${command.name.split(' ')[0]}`);
  });

  it('keeps the two-command quick start', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## How it works'));
    const commands = quickStart.split('\n').filter((l) => /^(npm|npx) /.test(l));
    expect(commands).toHaveLength(2);
    expect(commands[1]).toMatch(/^npm test\b/);
  });
});
