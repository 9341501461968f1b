// The human table of `cwt list` (data, so it goes to stdout).
import { Chalk } from "chalk";
import type { ListedWorktree } from "../../core/list-worktrees.ts";
import type { Deps } from "../../deps.ts";
import { printable } from "./printable.ts";

export function formatAge(seconds: number | null): string {
  if (seconds === null) return "-";
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

function changes(w: ListedWorktree): string {
  if (w.missing) return "-";
  if (w.modified === null || w.untracked === null) return "?";
  if (w.modified + w.untracked === 0) return "clean";
  return [w.modified > 0 ? `${w.modified}M` : "", w.untracked > 0 ? `${w.untracked}?` : ""].filter(Boolean).join(" ");
}

/** "?" where a shallow clone lacks the history to count (unknown, not zero); "-" where there is nothing to count. */
function aheadBehind(w: ListedWorktree): string {
  if (w.historyShallow) return `+${w.ahead ?? "?"}/-${w.behind ?? "?"}`;
  return w.ahead === null || w.behind === null ? "-" : `+${w.ahead}/-${w.behind}`;
}

function state(w: ListedWorktree, now: number): string {
  const parts: string[] = [];
  if (w.keptOnClaudeRemove) parts.push(`kept when Claude Code asked to remove it ${ago(w.keptOnClaudeRemove.at, now)}: ${w.keptOnClaudeRemove.reasons.join("; ")}`);
  if (w.main) parts.push("main");
  if (w.missing) parts.push("missing");
  if (w.locked) parts.push(w.lockReason ? `locked: ${w.lockReason}` : "locked");
  if (w.detached) parts.push("detached");
  if (w.sparse) parts.push(`sparse: ${w.sparse.slice(0, 3).join(", ")}${w.sparse.length > 3 ? ` +${w.sparse.length - 3} more` : ""}`);
  return parts.join(", ");
}

function session(w: ListedWorktree, now: number): string {
  if (w.liveSession) return `live (pid ${w.sessionPids.join(",")})`;
  return w.lastSessionAt === null ? "-" : ago(w.lastSessionAt, now);
}

function ago(iso: string, now: number): string {
  return `${formatAge(Math.max(0, Math.floor((now - Date.parse(iso)) / 1000)))} ago`;
}

export function renderList(worktrees: readonly ListedWorktree[], deps: Pick<Deps, "colorLevel" | "now">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const now = deps.now().getTime();
  const header = ["NAME", "BRANCH", "OWNER", "AGE", "ACTIVE", "SESSION", "CHANGES", "AHEAD/BEHIND", "STATE", "PATH"];
  const rows = worktrees.map((w) => [
    w.name,
    w.branch ?? "-",
    w.owner ?? "-",
    formatAge(w.ageSeconds),
    w.lastActivity === null ? "-" : `${ago(w.lastActivity, now)} (${w.lastActivitySource ?? ""})`,
    session(w, now),
    changes(w),
    aheadBehind(w),
    state(w, now) || "-",
    w.path,
  ].map((cell) => printable(cell)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [c.bold(line(header)), ...rows.map(line)].join("\n") + "\n";
}
