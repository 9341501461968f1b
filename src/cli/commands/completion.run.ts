import type { Command, Help, Option } from "commander";
import { listWorktreeNames } from "../../core/worktree-names.ts";
import type { Deps } from "../../deps.ts";
import { UsageError } from "../../errors.ts";
import { hasControlChars } from "../../policy/text.ts";
import { completionScript, isShell, SHELLS } from "../render/shell-scripts.ts";

/** `cwt completion SHELL`: the completion script, on stdout. */
export async function runCompletion(shell: string, _program: Command, deps: Deps): Promise<void> {
  if (!isShell(shell)) throw new UsageError("UNKNOWN_SHELL", `unknown shell ${JSON.stringify(shell)}: cwt completion knows ${SHELLS.join(", ")}`);
  deps.stdout.write(completionScript(shell));
}

export interface Candidate {
  readonly value: string;
  readonly description?: string | undefined;
}

/** What a value slot (an argument, an option's value) takes, known by its placeholder's name. */
type ValueKind = "ticket" | "shell" | "scope" | "command";

/** Commands whose `<ticket>` names a worktree to be made, not an existing one. */
const NEW_TICKET_COMMANDS = new Set(["new"]);

function kindOf(placeholder: string | undefined, command: Command): ValueKind | undefined {
  switch (placeholder) {
    case "ticket":
      return NEW_TICKET_COMMANDS.has(command.name()) ? undefined : "ticket";
    case "shell":
      return "shell";
    case "scope":
      return "scope";
    case "command":
      return "command";
    default:
      return undefined;
  }
}

function optionKind(option: Option, command: Command): ValueKind | undefined {
  return kindOf(/<([^>]+)>/.exec(option.flags)?.[1], command);
}

function argumentKind(command: Command, index: number): ValueKind | undefined {
  const args = command.registeredArguments;
  const last = args[args.length - 1];
  const arg = args[index] ?? (last?.variadic ? last : undefined);
  return arg ? kindOf(arg.name(), command) : undefined;
}

/** The option a word names (`--worktree`, `-h`, `--worktree=T`), among the command's visible ones. */
function findOption(help: Help, command: Command, word: string): Option | undefined {
  const flag = word.startsWith("--") ? word.split("=")[0] : word;
  return help.visibleOptions(command).find((o) => o.long === flag || o.short === flag);
}

/** Visible subcommands; commander's implicit `help` only at the top (`cwt help rm`), not in every group. */
function subcommandsOf(help: Help, command: Command): Command[] {
  return help.visibleCommands(command).filter((c) => command.parent === null || c.name() !== "help" || command.commands.includes(c));
}

function findSubcommand(help: Help, command: Command, word: string): Command | undefined {
  return subcommandsOf(help, command).find((c) => c.name() === word || c.aliases().includes(word));
}

const startsWith = (value: string, prefix: string) => value.toLowerCase().startsWith(prefix.toLowerCase());

async function valuesOf(kind: ValueKind, program: Command, help: Help, deps: Deps): Promise<Candidate[]> {
  switch (kind) {
    case "ticket":
      return (await listWorktreeNames(deps)).map((w) => ({
        value: w.name,
        description: w.missing ? "folder missing" : (w.branch ?? "detached"),
      }));
    case "shell":
      return SHELLS.map((value) => ({ value }));
    case "scope":
      return [
        { value: "local", description: ".claude/settings.local.json" },
        { value: "project", description: ".claude/settings.json" },
      ];
    case "command":
      return subcommandsOf(help, program).map((c) => ({ value: c.name(), description: c.description() }));
  }
}

/**
 * The candidates for the last of `words` (the command line after `cwt`, the last word being the
 * one under completion, maybe ""): subcommands, options or a slot's values, from the commander tree.
 */
export async function completeWords(words: readonly string[], program: Command, deps: Deps): Promise<Candidate[]> {
  const help = program.createHelp();
  const current = words[words.length - 1] ?? "";
  let command = program;
  let pendingValue: Option | undefined;
  let positional = 0;
  const used = new Set<Option>();
  for (const word of words.slice(0, -1)) {
    if (pendingValue) {
      pendingValue = undefined;
      continue;
    }
    if (word === "--") return []; // operands only from here (for launch: Claude Code's arguments)
    if (word.startsWith("-") && word !== "-") {
      const option = findOption(help, command, word);
      if (option) used.add(option);
      if (option && option.required && !word.includes("=")) pendingValue = option;
      continue;
    }
    const sub = positional === 0 ? findSubcommand(help, command, word) : undefined;
    if (sub) {
      command = sub;
      used.clear();
    } else positional += 1;
  }

  let candidates: Candidate[];
  let prefix = current;
  if (pendingValue) {
    const kind = optionKind(pendingValue, command);
    candidates = kind ? await valuesOf(kind, program, help, deps) : [];
  } else if (current.startsWith("--") && current.includes("=")) {
    const [flag = "", typed = ""] = [current.slice(0, current.indexOf("=")), current.slice(current.indexOf("=") + 1)];
    const option = findOption(help, command, flag);
    const kind = option?.required ? optionKind(option, command) : undefined;
    candidates = kind ? (await valuesOf(kind, program, help, deps)).map((c) => ({ ...c, value: `${flag}=${c.value}` })) : [];
    prefix = `${flag}=${typed}`;
  } else if (current.startsWith("-")) {
    candidates = help
      .visibleOptions(command)
      .filter((o) => !used.has(o) || o.variadic)
      .map((o) => ({ value: o.long ?? o.short ?? "", description: o.description }));
  } else {
    const subs = positional === 0 ? subcommandsOf(help, command).map((c) => ({ value: c.name(), description: c.description() })) : [];
    const kind = argumentKind(command, positional);
    candidates = [...subs, ...(kind ? await valuesOf(kind, program, help, deps) : [])];
  }
  const seen = new Set<string>();
  return candidates.filter((c) => {
    if (c.value === "" || hasControlChars(c.value) || !startsWith(c.value, prefix) || seen.has(c.value)) return false;
    seen.add(c.value);
    return true;
  });
}

/**
 * `cwt __complete -- WORDS...`: one candidate a line, `value<TAB>description` when there is one.
 * Quiet and exit 0 whatever happens (outside a repository: no ticket names): a TAB never errs.
 */
export async function runComplete(words: string[], program: Command, deps: Deps): Promise<void> {
  let candidates: Candidate[];
  try {
    candidates = await completeWords(words.length > 0 ? words : [""], program, deps);
  } catch {
    candidates = [];
  }
  const line = (c: Candidate) => (c.description ? `${c.value}\t${c.description.replace(/[\u0000-\u001f\u007f]+/g, " ")}` : c.value);
  deps.stdout.write(candidates.map((c) => `${line(c)}\n`).join(""));
}
