// A process that races for the embedded store's lock on command, so a test can run many at once.
// Reads lines on stdin: `try DIR` (answers `held` or `refused <message>`), `release`, and `crash`
// (ends without releasing, as kill -9 would, which also works as PID 1 of a namespace).
import { createInterface } from 'node:readline';
import { type DataDirLock, lockDataDir } from '../../src/store/data-dir-lock.js';

let held: DataDirLock | undefined;
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`ready ${process.pid}`);
for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...rest] = line.split(' ');
  if (command === 'try') {
    try {
      held = await lockDataDir(rest.join(' '), 'lock-child');
      say('held');
    } catch (error) {
      say(`refused ${(error as Error).message.replaceAll('\n', ' ')}`);
    }
  } else if (command === 'release') {
    held?.release();
    held = undefined;
    say('released');
  } else if (command === 'crash') {
    process.removeAllListeners('exit');
    process.exit(9);
  }
}
