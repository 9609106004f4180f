import { main } from '../../src/cli/main.js';
import { startHeapGovernor } from '../../src/runtime/heap-governor.js';

// The CLI as bin/dremio-optimizer.js runs it (with the heap governor), from source, for child processes.
startHeapGovernor();
process.exitCode = await main(process.argv.slice(2));
