// Real bash, zsh and fish, run non-interactively (`SHELL -c SCRIPT`) with the built cwt first on
// PATH, or interactively inside tmux for the one thing only a terminal shows: what TAB does.
import { symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { tempDir } from "../helpers/git-repo.ts";
import { CLI_BIN, runBin } from "../helpers/run-cli.ts";

export const SHELL_NAMES = ["bash", "zsh", "fish"] as const;
export type ShellName = (typeof SHELL_NAMES)[number];

/** No start-up files: the tests load exactly what they mean to. */
const NO_RC: Record<ShellName, string[]> = { bash: ["--norc", "--noprofile"], zsh: ["-f"], fish: ["--no-config"] };

/** The last command's exit code, in each shell's syntax. */
export const STATUS: Record<ShellName, string> = { bash: "$?", zsh: "$?", fish: "$status" };

/** The line a user puts in their start-up file. */
export const LOAD_INIT: Record<ShellName, string> = {
  bash: 'eval "$(cwt shell-init bash)"',
  zsh: 'eval "$(cwt shell-init zsh)"',
  fish: "cwt shell-init fish | source",
};

/**
 * What the built `cwt shell-init SHELL` / `cwt completion SHELL` print, saved to a file once:
 * sourcing it spares a cwt process per shell started (CPU is what these tests spend).
 */
const saved = new Map<string, Promise<string>>();
export function savedScript(command: "shell-init" | "completion", shell: ShellName): Promise<string> {
  const key = `${command}-${shell}`;
  let file = saved.get(key);
  if (!file) {
    file = (async () => {
      const dir = cwtBinDir();
      const r = await runBin([command, shell], { cwd: dir, env: { PATH: process.env.PATH ?? "" } });
      if (r.exitCode !== 0) throw new Error(`cwt ${command} ${shell} failed: ${r.stderr}`);
      writeFileSync(path.join(dir, key), `${r.stdout}\n`);
      return path.join(dir, key);
    })();
    saved.set(key, file);
  }
  return file;
}

/** compinit's dump, written once: loading it takes milliseconds, scanning $fpath again a third of a second. */
let dump: Promise<string> | undefined;
function zcompdump(): Promise<string> {
  dump ??= (async () => {
    const file = path.join(cwtBinDir(), "zcompdump");
    const r = await execa("zsh", ["-f", "-c", 'autoload -U compinit && compinit -u -d "$0"', file], { reject: false, stdin: "ignore" });
    if (r.exitCode !== 0) throw new Error(`compinit failed: ${r.stderr}`);
    return file;
  })();
  return dump;
}

/** A folder holding `cwt`, a symlink to the built bin/cwt.js (made once per test file). */
let binDir: string | undefined;
export function cwtBinDir(): string {
  if (!binDir) {
    binDir = tempDir("cwt-bin-");
    symlinkSync(CLI_BIN, path.join(binDir, "cwt"));
  }
  return binDir;
}

/** `env` with the built cwt first on PATH. */
export function withCwt(env: Record<string, string>): Record<string, string> {
  return { ...env, PATH: `${cwtBinDir()}${path.delimiter}${env.PATH ?? ""}` };
}

export interface ShellResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `script` with `shell -c`, no stdin, no start-up files. */
export async function runShell(shell: ShellName, script: string, options: { cwd: string; env: Record<string, string> }): Promise<ShellResult> {
  const r = await execa(shell, [...NO_RC[shell], "-c", script], { cwd: options.cwd, env: options.env, extendEnv: false, reject: false, stdin: "ignore" });
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** How a user loads the completion script, and how the tests load the saved one (CWT_TEST_SCRIPT). */
const LOAD_COMPLETION: Record<ShellName, { user: string; saved: string }> = {
  bash: { user: "source <(cwt completion bash)", saved: 'source "$CWT_TEST_SCRIPT"' },
  zsh: { user: "source <(cwt completion zsh)", saved: 'source "$CWT_TEST_SCRIPT"' },
  fish: { user: "cwt completion fish | source", saved: 'source "$CWT_TEST_SCRIPT"' },
};

// Asking each shell's own completion machinery for the candidates of a partial command line
// (in CWT_TEST_LINE, so no quoting of it into the script). LOAD stands for the loading line.
const COMPLETE: Record<ShellName, string> = {
  // bash: the function `complete -p cwt` names, called as readline would, COMPREPLY printed.
  bash: `LOAD
spec=$(complete -p cwt) || exit 9
fn=\${spec##*-F }; fn=\${fn%% *}
read -ra COMP_WORDS <<< "$CWT_TEST_LINE"
[[ $CWT_TEST_LINE == *" " ]] && COMP_WORDS+=("")
COMP_LINE=$CWT_TEST_LINE; COMP_POINT=\${#COMP_LINE}; COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
"$fn" cwt "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "\${COMPREPLY[@]}"`,
  // zsh: compinit, the function compdef registered for cwt, with words/CURRENT set as the
  // completion system sets them and compadd replaced by a function that prints what it gets.
  zsh: `autoload -U compinit && compinit -u -C -d "$CWT_TEST_ZCOMPDUMP"
LOAD
fn=\${_comps[cwt]:-}; [[ -n $fn ]] || exit 9
compadd() { while (( $# )); do case $1 in --) shift; break;; -[MdJVXx]) shift 2;; *) shift;; esac; done; print -rl -- "$@"; }
words=( \${(z)CWT_TEST_LINE} ); [[ $CWT_TEST_LINE == *' ' ]] && words+=('')
CURRENT=\${#words}
$fn || :`,
  // fish: its own \`complete -C\`, exactly what TAB would list (value, tab, description).
  fish: `LOAD
complete -C "$CWT_TEST_LINE"`,
};

/**
 * The candidates `shell` offers for `line` (descriptions dropped), as the shell itself computes them.
 * `load: "user"` loads the script as the README says (one more cwt process), else the saved copy.
 */
export async function completions(
  shell: ShellName,
  line: string,
  options: { cwd: string; env: Record<string, string>; load?: "user" | "saved" },
): Promise<string[]> {
  const load = options.load === "user" ? LOAD_COMPLETION[shell].user : LOAD_COMPLETION[shell].saved;
  const env = { ...options.env, CWT_TEST_LINE: line, CWT_TEST_SCRIPT: await savedScript("completion", shell), CWT_TEST_ZCOMPDUMP: await zcompdump() };
  const r = await runShell(shell, COMPLETE[shell].replace("LOAD", load), { cwd: options.cwd, env });
  if (r.exitCode !== 0 || r.stderr !== "") throw new Error(`${shell} completion of ${JSON.stringify(line)} failed (${r.exitCode}): ${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")[0] ?? "");
}
