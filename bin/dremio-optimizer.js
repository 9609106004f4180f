#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
import { startHeapGovernor } from '../dist/runtime/heap-governor.js';

// A process-wide policy, so it lives here rather than in main(), which tests call in-process.
startHeapGovernor();
process.exitCode = await main(process.argv.slice(2));
