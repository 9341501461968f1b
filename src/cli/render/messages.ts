// Human messages for stderr. chalk lives only under src/cli/.
import { Chalk } from "chalk";
import type { HookRemoveResult } from "../../core/claude-worktree.ts";
import type { CreateResult } from "../../core/create-worktree.ts";
import type { RemoveResult } from "../../core/remove-worktree.ts";
import type { Deps } from "../../deps.ts";
import { printable } from "./printable.ts";
import { listed } from "./prune.ts";

const short = (sha: string) => sha.slice(0, 12);

export function renderCreated(result: CreateResult, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const { record } = result;
  const from = record.base.ref ? `${record.base.ref} (${short(record.base.commit)})` : short(record.base.commit);
  // The hook's own words first (it ran while the worktree was checked out), escaped, never on stdout.
  const hook = result.postCheckout.output.split("\n").filter((l) => l.trim() !== "").map((l) => `${printable(l)}\n`).join("");
  const lines = [
    result.branchCreated
      ? `${c.green("created")} worktree ${c.bold(record.ticket)} on new branch ${record.branch} from ${from}`
      : `${c.green("created")} worktree ${c.bold(record.ticket)} on existing branch ${record.branch} (checked out as it is; --base not applied)`,
  ];
  if (result.sparse) lines.push(`sparse checkout: only ${result.sparse.paths.join(", ")} and root-level files (sparsePaths from ${result.sparse.source})`);
  if (result.copy.copied > 0) lines.push(`copied ${result.copy.copied} file${result.copy.copied === 1 ? "" : "s"} named by .worktreeinclude`);
  for (const s of result.copy.skipped) lines.push(`${c.yellow("not copied")} ${s.path}: ${s.reason}`);
  if (result.excludeAdded) lines.push(`added the worktree folder to .git/info/exclude`);
  const subs = result.submodules;
  if (subs && subs.filled.length > 0) lines.push(`filled submodule${subs.filled.length === 1 ? "" : "s"} ${subs.filled.join(", ")} from the main checkout's copies`);
  for (const s of subs?.notFilled ?? []) lines.push(`${c.yellow("submodule not filled")} ${s.path}: ${s.reason} (\`git submodule update --init --recursive\` in the worktree fetches it)`);
  return hook + lines.map((l) => `cwt: ${printable(l, { keepColors: true })}\n`).join("");
}

export function renderRemoved(result: RemoveResult, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const would = result.dryRun ? "would " : "";
  const lines: string[] = [];
  const p = (text: string) => printable(text);
  for (const r of result.overridden) lines.push(`${c.yellow("--force:")} removing although ${p(r.message)}`);
  if (result.staleLockReleased !== null) {
    lines.push(`${would}release the lock of a Claude Code session that is no longer running (${p(result.staleLockReleased)})`);
  }
  lines.push(`${result.dryRun ? "would remove" : c.green("removed")} worktree ${c.bold(p(result.name))} (${p(result.path)})`);
  if (result.deletesIgnored.length > 0) lines.push(`${result.dryRun ? "would delete" : "deleted"} with it its disposable ignored files: ${listed(result.deletesIgnored)}`);
  const b = result.branch;
  if (b.action === "delete") lines.push(`${result.dryRun ? "would delete" : "deleted"} branch ${p(b.branch)} (merged into its base)`);
  if (b.action === "keep") lines.push(`${would}kept branch ${p(b.branch)}: ${p(b.reason)}`.replace("would kept", "would keep"));
  return lines.map((l) => `cwt: ${printable(l, { keepColors: true })}\n`).join("");
}

export function renderHookRemoved(result: Extract<HookRemoveResult, { kind: "removed" }>, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const p = (text: string) => printable(text);
  const lines = [`${c.green("removed")} worktree ${c.bold(p(result.name))} (${p(result.path)}) as Claude Code asked: nothing in it was at risk`];
  const b = result.branch;
  if (b.action === "delete" && b.done) lines.push(`deleted branch ${p(b.branch)} (merged into its base)`);
  if (b.action === "keep" || (b.action === "delete" && !b.done)) lines.push(`kept branch ${p(b.branch)}${"reason" in b ? `: ${p(b.reason)}` : ""}`);
  return lines.map((l) => `cwt: ${printable(l, { keepColors: true })}\n`).join("");
}

/** The one line that says why a worktree Claude Code asked to remove was kept. */
export function renderHookKept(result: Extract<HookRemoveResult, { kind: "kept" }>): string {
  return `kept ${result.name} (${result.path}) when Claude Code asked to remove it: ${result.reasons.map((r) => r.message).join("; ")}`;
}

// ---- postCreate (core/post-create.ts) ----

type PostCreateOutcome = import("../../core/post-create.ts").PostCreateOutcome;
type PostCreateCommands = import("../../core/post-create.ts").Commands;
/** Which command made the worktree: the next step a message names differs. */
export type PostCreateCaller = "new" | "launch" | "claude";

function quoteWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (/^[\u0020-\u007e]*$/.test(word)) return `'${word.replace(/'/g, "'\\''")}'`;
  // Anything beyond printable ASCII (control characters, bidi overrides, look-alikes) is spelt out,
  // as bash's $'...' would read it: what the prompt shows is exactly what runs.
  const escaped = [...word]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === "\\" || ch === "'") return `\\${ch}`;
      if (code >= 0x20 && code <= 0x7e) return ch;
      if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
      return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\U${code.toString(16).padStart(8, "0")}`;
    })
    .join("");
  return `$'${escaped}'`;
}

/** One postCreate command as a person reads it (shell-style quoting; it still runs without a shell). */
export function formatCommand(argv: readonly string[]): string {
  return argv.map(quoteWord).join(" ");
}

function numbered(commands: PostCreateCommands): string[] {
  return commands.map((argv, i) => `  ${i + 1}. ${formatCommand(argv)}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The question `deps.confirm` asks before an unapproved list runs. */
export function renderPostCreateQuestion(commands: PostCreateCommands, state: "approved" | "changed" | "none", worktree: string): string {
  return [
    `cwt: this repository's cwt.config.json asks to run ${plural(commands.length, "command")} in the new worktree ${printable(worktree)}:`,
    ...numbered(commands),
    ...(state === "changed" ? ["The list changed since you approved it for this repository."] : []),
    "Run them, and remember this approval for this repository? [y/N] ",
  ].join("\n");
}

/** The progress line before each command. */
export function renderPostCreateStart(index: number, total: number, argv: readonly string[]): string {
  return `cwt: postCreate ${index + 1}/${total}: ${formatCommand(argv)}\n`;
}

/** What happened, for stderr (a failure or an interruption is the caller's error message, see postCreateFailure). */
export function renderPostCreateOutcome(outcome: PostCreateOutcome, worktree: string, caller: PostCreateCaller, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const n = outcome.commands.length;
  const lines: string[] = [];
  if (outcome.approvalsProblem) lines.push(`${c.yellow("warning:")} ignored ${outcome.approvalsFile ?? "the approvals file"}: it ${outcome.approvalsProblem} (counted as no approvals)`);
  if (outcome.approvalNotSaved) lines.push(`${c.yellow("warning:")} could not remember the approval: ${outcome.approvalNotSaved}; cwt will ask again next time`);
  if (outcome.approvalSaved) lines.push(`approved this repository's postCreate list (${outcome.approvedBy === "--yes" ? "--yes" : "your answer"}); remembered in ${outcome.approvalsFile ?? "the approvals file"}`);
  const changed = outcome.approval === "changed" ? " (the list changed since you approved it)" : "";
  switch (outcome.status) {
    case "ran":
      lines.push(`${c.green("ran")} ${plural(n, "postCreate command")} in ${worktree}`);
      break;
    case "skipped":
      lines.push(`skipped this repository's ${plural(n, "postCreate command")} (--no-hooks)`);
      break;
    case "declined":
      lines.push(`did not run the ${plural(n, "postCreate command")} (not approved); the worktree is ready without them`);
      break;
    case "not-approved":
      if (caller === "claude") {
        lines.push(
          `did not run this repository's ${plural(n, "postCreate command")} in ${worktree}: not approved for this repository${changed} (Claude Code's hook never asks; approve the list once by answering cwt new's question in a terminal, or with cwt new TICKET --yes)`,
        );
        break;
      }
      lines.push(`${c.yellow("warning:")} did not run this repository's ${plural(n, "postCreate command")}: you have not approved them${changed}, and there is no terminal to ask`);
      lines.push(...numbered(outcome.commands.map((r) => r.argv)));
      lines.push(
        caller === "new"
          ? "--yes approves and runs them (the approval is remembered for this repository); --no-hooks skips them without this warning"
          : "cwt launch --new asks in a terminal; cwt new TICKET --yes approves and runs them (the approval is remembered for this repository)",
      );
      break;
    default:
      break;
  }
  return lines.map((l) => `cwt: ${printable(l, { keepColors: true })}\n`).join("");
}

/** The error for a failed or interrupted list: which command, how it ended, and that the worktree stays. */
export function postCreateFailure(outcome: PostCreateOutcome, worktree: string, ticket: string): { message: string; hint: string } | undefined {
  const total = outcome.commands.length;
  const stays = `the worktree stays at ${worktree}`;
  if (outcome.status === "interrupted") {
    const at = outcome.commands.findIndex((r) => r.exitCode !== null && r.exitCode !== 0);
    const where = at >= 0 ? ` at command ${at + 1} of ${total} (${formatCommand(outcome.commands[at]?.argv ?? [])})` : "";
    const notRun = at >= 0 ? "the commands after it did not run" : "the postCreate commands did not run";
    return { message: `postCreate interrupted${where}; ${stays}`, hint: `${notRun}; run them in ${worktree} yourself, or remove it: cwt rm ${ticket} --force` };
  }
  const f = outcome.failure;
  if (outcome.status !== "failed" || !f) return undefined;
  const file = f.argv[0] ?? "";
  const how =
    f.reason === "exit"
      ? `exited with code ${f.exitCode}`
      : f.reason === "signal"
        ? `was killed by ${f.signal ?? "a signal"} (exit ${f.exitCode})`
        : f.reason === "not-found"
          ? `could not start: ${file} not found${file.includes("/") ? "" : " on PATH"} (exit 127, as a shell reports it)`
          : f.reason === "not-executable"
            ? `could not start: ${file} is not executable (exit 126)`
            : `could not start (exit ${f.exitCode})`;
  const rest = f.index + 1 < total ? `; the ${plural(total - f.index - 1, "command")} after it did not run` : "";
  return {
    message: `postCreate command ${f.index + 1} of ${total} (${formatCommand(f.argv)}) ${how}${rest}; ${stays}`,
    hint: `fix the cause and run the remaining commands in ${worktree} yourself, or remove it (cwt rm ${ticket} --force) and create it again`,
  };
}
