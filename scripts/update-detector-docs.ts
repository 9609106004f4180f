// Regenerates the thresholds tables in docs/detectors.md from the detector registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { DETECTORS } from '../src/analysis/detectors/index.js';
import { updateDetectorDocs } from './detector-docs.js';

const path = new URL('../docs/detectors.md', import.meta.url);
const doc = readFileSync(path, 'utf8');
writeFileSync(path, updateDetectorDocs(doc, Object.values(DETECTORS)));
console.log('docs/detectors.md thresholds tables updated');
