import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('dremio-optimizer completion', () => {
  it('prints a bash function that completes commands, subcommands and options as bash runs it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-completion-'));
    dirs.push(cwd);
    const run = await runCli(['completion', 'bash'], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('[redacted]');
    const script = join(cwd, 'completion.bash');
    writeFileSync(script, run.stdout);
    const complete = (...words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _complete_dremio_optimizer; echo "\${COMPREPLY[*]}"`,
          script,
          'dremio-optimizer',
          ...words,
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(complete('fi')).toBe('findings fingerprint');
    expect(complete('findings', '')).toBe('list show --help');
    expect(complete('findings', 'list', '--sev')).toBe('--severity');
    expect(complete('ba')).toBe('baselines');
    expect(complete('baselines', '')).toBe('list show --help');
    expect(complete('baselines', 'list', '--w')).toBe('--window-days');
    expect(complete('run', '--metrics-p')).toBe('--metrics-port');
    expect(complete('collect', '--all')).toBe('--all-clusters');
    expect(complete('alerts', 't')).toBe('test');
    expect(complete('--ver')).toBe('--verbose --version');
  });

  it('prints zsh (through bashcompinit) and fish scripts, and refuses another shell', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'do-completion-'));
    dirs.push(cwd);
    const zsh = await runCli(['completion', 'zsh'], { cwd });
    expect(zsh.stdout).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(zsh.stdout).toContain('complete -F _complete_dremio_optimizer dremio-optimizer');
    const fish = await runCli(['completion', 'fish'], { cwd });
    expect(fish.stdout).toContain(
      "complete -c dremio-optimizer -n __fish_use_subcommand -a findings -d 'the stored findings",
    );
    expect(fish.stdout).toContain("-n '__fish_seen_subcommand_from list' -l severity");
    const other = await runCli(['completion', 'tcsh'], { cwd });
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('Allowed choices are bash, zsh, fish');
  });
});
