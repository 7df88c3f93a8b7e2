/**
 * Shell completion scripts, generated from the command declarations: the commands, each
 * command's options, the values of options that take a fixed set, and file names where a
 * command or option reads a file.
 */
import { allOptions } from './program.js';
import type { CommandSpec } from './command.js';

function words(spec: CommandSpec): string {
  return allOptions(spec)
    .flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])])
    .concat('--help')
    .join(' ');
}

/** A bash completion script (`source <(complaint-playbook completion bash)`). */
export function bashCompletion(specs: readonly CommandSpec[]): string {
  const names = specs.map((s) => s.name).join(' ');
  const cases = specs
    .map((spec) => {
      const values = allOptions(spec)
        .filter((o) => o.choices || o.value)
        .map((o) => `      ${[`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])].join('|')}) ${o.choices ? `COMPREPLY=($(compgen -W "${o.choices.join(' ')}" -- "$cur"))` : 'COMPREPLY=($(compgen -f -- "$cur"))'}; return ;;`)
        .join('\n');
      return `    ${spec.name})\n      case "$prev" in\n${values}\n      esac\n      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${words(spec)}" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi ;;`;
    })
    .join('\n');
  return `# bash completion for complaint-playbook (generated from its command declarations)
_complaint_playbook() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="\${COMP_WORDS[1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then COMPREPLY=($(compgen -W "${names} help --help --version" -- "$cur")); return; fi
  case "$cmd" in
    help) COMPREPLY=($(compgen -W "${names}" -- "$cur")) ;;
${cases}
  esac
}
complete -o filenames -F _complaint_playbook complaint-playbook
`;
}

function zshQuote(text: string): string {
  return text.replace(/'/g, `'\\''`).replace(/[[\]:]/g, (c) => `\\${c}`);
}

/** A zsh completion script (`source <(complaint-playbook completion zsh)`). */
export function zshCompletion(specs: readonly CommandSpec[]): string {
  const list = specs.map((s) => `'${s.name}:${zshQuote(s.summary.en)}'`).join(' ');
  const functions = specs
    .map((spec) => {
      const opts = allOptions(spec)
        .map((o) => {
          const action = o.choices ? `:${o.value ?? 'value'}:(${o.choices.join(' ')})` : o.value ? `:${zshQuote(o.value)}:_files` : '';
          const names = o.short ? `'(-${o.short} --${o.name})'{-${o.short},--${o.name}}'` : `'--${o.name}`;
          return `    ${names}[${zshQuote(o.description.en)}]${action}'`;
        })
        .join(' \\\n');
      return `  (${spec.name})\n    _arguments \\\n${opts} \\\n    '*:file:_files' ;;`;
    })
    .join('\n');
  return `#compdef complaint-playbook
# zsh completion for complaint-playbook (generated from its command declarations)
_complaint_playbook() {
  local -a commands
  commands=(${list})
  if (( CURRENT == 2 )); then _describe command commands; return; fi
  case "$words[2]" in
  (help) _describe command commands ;;
${functions}
  esac
}
compdef _complaint_playbook complaint-playbook
`;
}
