import { describe, expect, it } from 'vitest';
import { COMMANDS, requestedCommand } from './commands.js';

describe('command registry', () => {
  it('loads, for every entry, the command of that name', async () => {
    for (const entry of COMMANDS) expect((await entry.load()).name.split(' ')[0]).toBe(entry.name);
  });

  it.each([
    { name: 'plain', argv: ['collect', '--profiles', '5'], want: 'collect' },
    { name: 'after a global option with a value', argv: ['--config', 'x.yaml', 'analyze'], want: 'analyze' },
    { name: 'after a short global option', argv: ['-c', 'x.yaml', '--verbose', 'db', 'status'], want: 'db' },
    { name: 'help for a command', argv: ['help', 'import'], want: 'import' },
    { name: 'nothing', argv: ['--help'], want: undefined },
  ])('finds the command word: $name', ({ argv, want }) => expect(requestedCommand(argv)).toBe(want));
});
