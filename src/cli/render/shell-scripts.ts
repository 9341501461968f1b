// The shell code cwt prints: the `cwt` function of `cwt shell-init` and the completion scripts of
// `cwt completion`. Plain text, no chalk: it is data for a shell (stdout).
//
// Contract between the function and the program:
// - The function captures stdout only for `cwt cd ...` and `cwt new ... --cd`; there the program
//   prints the worktree's path as stdout's only line. The function changes folder only when the
//   program exited 0 and that line is an existing folder; otherwise it prints what it captured and
//   returns the program's exit code. Every other command runs untouched (stdout not captured).
// - For those two calls the function sets CWT_SHELL_INTEGRATION=1 in the program's environment
//   (for that one process only), so the program leaves out its "needs shell integration" hint.
// - Paths may hold spaces, quotes, `$`, globbing characters: they are always expanded quoted. A path
//   that ends with a newline cannot travel through `$(...)`; worktree paths never hold newlines
//   (cwt refuses control characters in names).
// Completion scripts ask `cwt __complete -- WORDS...` at each TAB (commands, options, values).

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

export function isShell(value: string): value is Shell {
  return (SHELLS as readonly string[]).includes(value);
}

/** Set by the shell function for the calls whose stdout it reads: the program needs no hint then. */
export const SHELL_INTEGRATION_ENV = "CWT_SHELL_INTEGRATION";

/** Where each shell reads its start-up lines, and the line that loads cwt's function. */
const INIT_LINE: Record<Shell, { file: string; line: string }> = {
  bash: { file: "~/.bashrc", line: `eval "$(cwt shell-init bash)"` },
  zsh: { file: "~/.zshrc", line: `eval "$(cwt shell-init zsh)"` },
  fish: { file: "~/.config/fish/config.fish", line: "cwt shell-init fish | source" },
};

/**
 * The one stderr line `cwt cd` and `cwt new --cd` print when the shell function did not run them:
 * a program cannot change its parent shell's folder. Names the user's shell ($SHELL) when known.
 */
export function shellIntegrationHint(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env[SHELL_INTEGRATION_ENV] === "1") return undefined;
  const name = (env.SHELL ?? "").split("/").pop() ?? "";
  const setups = isShell(name) ? [INIT_LINE[name]] : SHELLS.map((s) => INIT_LINE[s]);
  const how = setups.map((s) => `${s.line} to ${s.file}`).join(", or ");
  return `cwt: hint: to change this shell's folder, cwt needs its shell function: add ${how}\n`;
}

// bash and zsh share the function: both have `local`, `command`, `builtin cd` and `function NAME {`
// (the keyword form: an alias named cwt is not expanded in it, as it would be in `cwt() {`).
const POSIX_FUNCTION = `function cwt {
  local __cwt_want_cd=0 __cwt_arg __cwt_out __cwt_status
  case "\${1-}" in
    cd) __cwt_want_cd=1 ;;
    new) for __cwt_arg in "$@"; do [ "$__cwt_arg" = "--cd" ] && __cwt_want_cd=1; done ;;
  esac
  if [ "$__cwt_want_cd" = 0 ]; then
    command cwt "$@"
    return
  fi
  __cwt_out="$(CWT_SHELL_INTEGRATION=1 command cwt "$@")" && __cwt_status=0 || __cwt_status=$?
  if [ "$__cwt_status" = 0 ] && [ -n "$__cwt_out" ] && [ -d "$__cwt_out" ]; then
    builtin cd -- "$__cwt_out"
    return
  fi
  [ -z "$__cwt_out" ] || printf '%s\\n' "$__cwt_out"
  return "$__cwt_status"
}
`;

const FISH_FUNCTION = `function cwt --description 'cwt, able to change into worktrees (cwt shell-init fish)'
    set -l want_cd 0
    if test "$argv[1]" = cd
        set want_cd 1
    else if test "$argv[1]" = new; and contains -- --cd $argv
        set want_cd 1
    end
    if test $want_cd = 0
        command cwt $argv
        return $status
    end
    set -l out (CWT_SHELL_INTEGRATION=1 command cwt $argv)
    set -l code $status
    if test $code = 0; and test (count $out) = 1; and test -d "$out[1]"
        cd -- $out[1]
        return
    end
    if set -q out[1]
        printf '%s\\n' $out
    end
    return $code
end
`;

function initHeader(shell: Shell): string {
  const { file, line } = INIT_LINE[shell];
  return [
    `# cwt shell integration for ${shell}: \`cwt cd TICKET\` and \`cwt new TICKET --cd\` change this shell's folder.`,
    `# Load it from ${file}:  ${line}`,
    "# Every other cwt command runs unchanged: same output, same exit code.",
    "",
  ].join("\n");
}

export function shellInitScript(shell: Shell): string {
  return initHeader(shell) + (shell === "fish" ? FISH_FUNCTION : POSIX_FUNCTION);
}

const BASH_COMPLETION = `# cwt completion for bash. Load it from ~/.bashrc:  source <(cwt completion bash)
# Each TAB asks \`cwt __complete\`: new commands, options and worktrees appear by themselves.
_cwt_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]-}" line value i
  local -a words=()
  COMPREPLY=()
  # readline splits --option=value at "=": cwt gets the option and its value as two words, and
  # right after the "=", readline completes the empty word that follows it.
  for (( i = 1; i < COMP_CWORD; i++ )); do
    [ "\${COMP_WORDS[i]}" = "=" ] && [[ \${COMP_WORDS[i-1]} == --* ]] && continue
    words+=("\${COMP_WORDS[i]}")
  done
  if [ "$cur" = "=" ] && [[ \${COMP_WORDS[COMP_CWORD-1]} == --* ]]; then cur=""; fi
  while IFS= read -r line; do
    value="\${line%%$'\\t'*}"
    [ -n "$value" ] || continue
    case "$value" in
      *[!A-Za-z0-9._/+@%=,:-]*) printf -v value '%q' "$value" ;;
    esac
    COMPREPLY+=("$value")
  done < <(command cwt __complete -- \${words[@]+"\${words[@]}"} "$cur" 2>/dev/null)
  return 0
}
complete -F _cwt_complete cwt
`;

const ZSH_COMPLETION = `#compdef cwt
# cwt completion for zsh. Load it from ~/.zshrc, after compinit:  source <(cwt completion zsh)
# (or save it as _cwt in a folder of $fpath). Each TAB asks \`cwt __complete\`: new commands,
# options and worktrees appear by themselves.
_cwt() {
  local -a lines values displays
  local line value
  lines=( \${(f)"$(command cwt __complete -- "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null)"} )
  for line in "\${lines[@]}"; do
    value=\${line%%$'\\t'*}
    [[ -n $value ]] || continue
    values+=( "$value" )
    if [[ $line == *$'\\t'* ]]; then displays+=( "$value  -- \${line#*$'\\t'}" ); else displays+=( "$value" ); fi
  done
  (( \${#values} )) || return 1
  compadd -M 'm:{[:lower:][:upper:]}={[:upper:][:lower:]}' -l -d displays -- "\${values[@]}"
}
if [[ "\${funcstack[1]-}" == _cwt ]]; then
  _cwt "$@"
elif (( \${+functions[compdef]} )); then
  compdef _cwt cwt
else
  print -u2 "cwt: zsh completion needs compinit first: autoload -U compinit && compinit"
fi
`;

const FISH_COMPLETION = `# cwt completion for fish. Load it from ~/.config/fish/config.fish:  cwt completion fish | source
# (or save it as ~/.config/fish/completions/cwt.fish). Each TAB asks \`cwt __complete\`: new
# commands, options and worktrees appear by themselves.
function __cwt_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l current (commandline -ct)
    command cwt __complete -- $tokens "$current" 2>/dev/null
end
complete -c cwt -e
complete -c cwt -f -a '(__cwt_complete)'
`;

export function completionScript(shell: Shell): string {
  return shell === "bash" ? BASH_COMPLETION : shell === "zsh" ? ZSH_COMPLETION : FISH_COMPLETION;
}
