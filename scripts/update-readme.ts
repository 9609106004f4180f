// Regenerates the README's configuration table from the config schema (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigTable } from '../src/config/index.js';
import { replaceGeneratedSection } from './readme-sections.js';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
writeFileSync(path, replaceGeneratedSection(readme, 'config-table', renderConfigTable()));
console.log('README configuration table updated');
