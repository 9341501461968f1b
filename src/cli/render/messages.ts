// Human messages for stderr. chalk lives only under src/cli/.
import { Chalk } from "chalk";
import type { HookRemoveResult } from "../../core/claude-worktree.ts";
import type { CreateResult } from "../../core/create-worktree.ts";
import type { RemoveResult } from "../../core/remove-worktree.ts";
import type { Deps } from "../../deps.ts";
import { printable } from "./printable.ts";

const short = (sha: string) => sha.slice(0, 12);

export function renderCreated(result: CreateResult, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const { record } = result;
  const from = record.base.ref ? `${record.base.ref} (${short(record.base.commit)})` : short(record.base.commit);
  const lines = [
    result.branchCreated
      ? `${c.green("created")} worktree ${c.bold(record.ticket)} on new branch ${record.branch} from ${from}`
      : `${c.green("created")} worktree ${c.bold(record.ticket)} on existing branch ${record.branch} (checked out as it is; --base not applied)`,
  ];
  if (result.copy.copied > 0) lines.push(`copied ${result.copy.copied} file${result.copy.copied === 1 ? "" : "s"} named by .worktreeinclude`);
  for (const s of result.copy.skipped) lines.push(`${c.yellow("not copied")} ${s.path}: ${s.reason}`);
  if (result.excludeAdded) lines.push(`added the worktree folder to .git/info/exclude`);
  return lines.map((l) => `cwt: ${printable(l, { keepColors: true })}\n`).join("");
}

export function renderRemoved(result: RemoveResult, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const would = result.dryRun ? "would " : "";
  const lines: string[] = [];
  for (const r of result.overridden) lines.push(`${c.yellow("--force:")} removing although ${r.message}`);
  if (result.staleLockReleased !== null) {
    lines.push(`${would}release the lock of a Claude Code session that is no longer running (${result.staleLockReleased})`);
  }
  lines.push(`${result.dryRun ? "would remove" : c.green("removed")} worktree ${c.bold(result.name)} (${result.path})`);
  const b = result.branch;
  if (b.action === "delete") lines.push(`${result.dryRun ? "would delete" : "deleted"} branch ${b.branch} (merged into its base)`);
  if (b.action === "keep") lines.push(`${would}kept branch ${b.branch}: ${b.reason}`.replace("would kept", "would keep"));
  return lines.map((l) => `cwt: ${printable(l, { keepColors: true })}\n`).join("");
}

export function renderHookRemoved(result: Extract<HookRemoveResult, { kind: "removed" }>, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const lines = [`${c.green("removed")} worktree ${c.bold(result.name)} (${result.path}) as Claude Code asked: nothing in it was at risk`];
  const b = result.branch;
  if (b.action === "delete" && b.done) lines.push(`deleted branch ${b.branch} (merged into its base)`);
  if (b.action === "keep" || (b.action === "delete" && !b.done)) lines.push(`kept branch ${b.branch}${"reason" in b ? `: ${b.reason}` : ""}`);
  return lines.map((l) => `cwt: ${printable(l, { keepColors: true })}\n`).join("");
}

/** The one line that says why a worktree Claude Code asked to remove was kept. */
export function renderHookKept(result: Extract<HookRemoveResult, { kind: "kept" }>): string {
  return `kept ${result.name} (${result.path}) when Claude Code asked to remove it: ${result.reasons.map((r) => r.message).join("; ")}`;
}
