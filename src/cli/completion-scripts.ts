/** What a shell may complete: the commands, their subcommands and the options of each. */
export interface CompletionNode {
  readonly name: string;
  readonly summary: string;
  readonly options: readonly string[];
  readonly subcommands: readonly CompletionNode[];
}

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const BIN = 'dremio-optimizer';

/** A word list for a shell's single-quoted string (command and option names never hold a quote). */
const words = (list: readonly string[]) => list.join(' ');

/**
 * A bash completion function (zsh loads it through bashcompinit), named so that no output scrubber
 * mistakes it for a Dremio token (`_dremio…`): the first word completes to commands
 * and global options, the second to a command's subcommands or options, later words to the options of
 * the command (and subcommand) typed.
 */
function bashScript(root: CompletionNode): string {
  const cases: string[] = [];
  for (const c of root.subcommands) {
    const first = c.subcommands.length > 0 ? c.subcommands.map((s) => s.name) : c.options;
    cases.push(
      `    ${c.name}) [[ $COMP_CWORD -eq 2 ]] && words='${words([...first, '--help'])}' || words='${words(c.options)}'`,
    );
    for (const s of c.subcommands) {
      cases.push(
        `      [[ $COMP_CWORD -gt 2 && \${COMP_WORDS[2]} == ${s.name} ]] && words='${words([...s.options, '--help'])}'`,
      );
    }
    cases.push('      ;;');
  }
  return `# ${BIN} completion for bash: eval "$(${BIN} completion bash)"
_complete_dremio_optimizer() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words
  if [[ $COMP_CWORD -eq 1 ]]; then
    words='${words([...root.subcommands.map((c) => c.name), ...root.options])}'
  else
    case \${COMP_WORDS[1]} in
${cases.join('\n')}
    *) words='' ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _complete_dremio_optimizer ${BIN}
`;
}

function zshScript(root: CompletionNode): string {
  return `# ${BIN} completion for zsh: eval "$(${BIN} completion zsh)"
autoload -U +X bashcompinit && bashcompinit
${bashScript(root).split('\n').slice(1).join('\n')}`;
}

/** Fish's descriptions are one line in single quotes. */
const fishText = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishScript(root: CompletionNode): string {
  const lines = [`# ${BIN} completion for fish: ${BIN} completion fish | source`, `complete -c ${BIN} -f`];
  for (const c of root.subcommands) {
    lines.push(`complete -c ${BIN} -n __fish_use_subcommand -a ${c.name} -d ${fishText(c.summary)}`);
    for (const s of c.subcommands) {
      lines.push(
        `complete -c ${BIN} -n '__fish_seen_subcommand_from ${c.name}; and not __fish_seen_subcommand_from ${c.subcommands.map((x) => x.name).join(' ')}' -a ${s.name} -d ${fishText(s.summary)}`,
      );
      for (const o of s.options)
        lines.push(
          `complete -c ${BIN} -n '__fish_seen_subcommand_from ${s.name}' -l ${o.replace(/^--/, '')}`,
        );
    }
    for (const o of c.options)
      lines.push(`complete -c ${BIN} -n '__fish_seen_subcommand_from ${c.name}' -l ${o.replace(/^--/, '')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: CompletionShell, root: CompletionNode): string {
  if (shell === 'bash') return bashScript(root);
  if (shell === 'zsh') return zshScript(root);
  return fishScript(root);
}
