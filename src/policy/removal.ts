// Pure: may a worktree be removed, and what happens to its branch. Facts in, decision out.
// An unknown fact (status could not be read) refuses like a bad one: never assume clean.
import type { LockKind } from "./claude-lock.ts";

export interface RemovalFacts {
  readonly isMain: boolean;
  readonly standingIn: boolean;
  readonly missing: boolean;
  readonly lock: LockKind;
  readonly lockReason: string | undefined;
  /** null: could not be determined. */
  readonly modified: number | null;
  readonly untracked: number | null;
  /** Commits on HEAD that are neither in the base nor on any remote branch; null: unknown. */
  readonly unsafeCommits: number | null;
  /** Their walk reached a shallow clone's boundary (unsafeCommits is then null). */
  readonly historyShallow?: boolean | undefined;
  /** Files .worktreeinclude copied in and that were changed since (git would delete them). */
  readonly changedCopies?: number | undefined;
  /** Evidence of a live Claude Code session other than the lock (session files, cwt launch). */
  readonly liveSessions?: readonly string[] | undefined;
}

export interface Refusal {
  readonly code: string;
  readonly message: string;
  /** The flag that overrides it; null when nothing does. */
  readonly override: "--force" | null;
}

/** What `--force` may override in a bulk prune: the file and commit checks only (issue: prune safety). */
const PRUNE_OVERRIDABLE = new Set(["DIRTY", "STATUS_UNKNOWN", "UNPUSHED", "COMMITS_UNKNOWN", "COPIES_CHANGED"]);

/**
 * `rm` (one named worktree): --force overrides everything but the main checkout. `prune` (many,
 * often unattended): --force overrides only uncommitted files and unpushed commits, never a lock,
 * a live session or the worktree you stand in.
 */
export function removalRefusals(facts: RemovalFacts, options: { force: boolean; mode?: "rm" | "prune" }): Refusal[] {
  const refusals: Refusal[] = [];
  const prune = options.mode === "prune";
  const add = (code: string, message: string, overridable = true) => {
    const override = overridable && (!prune || PRUNE_OVERRIDABLE.has(code)) ? "--force" : null;
    if (override === null || !options.force) refusals.push({ code, message, override });
  };
  if (facts.isMain) add("MAIN_CHECKOUT", "it is the main checkout", false);
  switch (facts.lock) {
    case "person":
      add("LOCKED", `it is locked${facts.lockReason ? ` (${facts.lockReason})` : ""}`);
      break;
    case "claude-live":
      add("LIVE_SESSION", `a live Claude Code session holds it (${facts.lockReason ?? ""})`);
      break;
    case "claude-unknown":
      add("LIVE_SESSION", `a Claude Code session may still hold it: its process is running and cannot be told apart from a reused pid (${facts.lockReason ?? ""})`);
      break;
    default:
      if (facts.liveSessions && facts.liveSessions.length > 0) {
        add("LIVE_SESSION", `a live Claude Code session runs in it (${facts.liveSessions.join("; ")})`);
      }
      break;
  }
  if (!facts.missing) {
    if (facts.modified === null || facts.untracked === null) {
      add("STATUS_UNKNOWN", "git status failed there, so it cannot be shown to hold no work");
    } else if (facts.modified + facts.untracked > 0) {
      const parts = [];
      if (facts.modified > 0) parts.push(`${facts.modified} modified`);
      if (facts.untracked > 0) parts.push(`${facts.untracked} untracked`);
      add("DIRTY", `it has ${parts.join(" and ")} file${facts.modified + facts.untracked === 1 ? "" : "s"}`);
    }
  }
  if (!facts.missing && (facts.changedCopies ?? 0) > 0) {
    const n = facts.changedCopies ?? 0;
    add("COPIES_CHANGED", `${n} ignored file${n === 1 ? "" : "s"} that .worktreeinclude copied in (such as .env) ${n === 1 ? "was" : "were"} changed there, and git would delete ${n === 1 ? "it" : "them"}`);
  }
  if (facts.unsafeCommits === null) {
    add("COMMITS_UNKNOWN", facts.historyShallow ? "the history is shallow: cannot tell whether its commits are merged into its base or on a remote (git fetch --unshallow)" : "its commits could not be compared with its base and the remotes");
  } else if (facts.unsafeCommits > 0) {
    add("UNPUSHED", `it has ${facts.unsafeCommits} commit${facts.unsafeCommits === 1 ? "" : "s"} neither merged into its base nor pushed to any remote branch`);
  }
  if (facts.standingIn) add("STANDING_IN", "you are standing in it");
  return refusals;
}

export type BranchOutcome =
  | { readonly action: "delete"; readonly branch: string }
  | { readonly action: "keep"; readonly branch: string; readonly reason: string }
  | { readonly action: "none" };

export interface BranchFacts {
  readonly branch: string | undefined;
  readonly keepBranch: boolean;
  /** False when cwt checked out a branch that existed before; undefined when cwt did not make it. */
  readonly branchCreated: boolean | undefined;
  /** null: unknown (a shallow clone lacks the history that would tell). */
  readonly mergedIntoBase: boolean | null;
  readonly baseName: string;
  readonly checkedOutElsewhere: string | undefined;
}

/** The branch goes only when it is merged into its base; --force never deletes an unmerged branch. */
export function branchOutcome(facts: BranchFacts): BranchOutcome {
  const { branch } = facts;
  if (branch === undefined) return { action: "none" };
  if (facts.keepBranch) return { action: "keep", branch, reason: "--keep-branch" };
  if (facts.branchCreated === false) return { action: "keep", branch, reason: "it existed before cwt new" };
  if (facts.checkedOutElsewhere) return { action: "keep", branch, reason: `it is checked out in ${facts.checkedOutElsewhere}` };
  if (facts.mergedIntoBase === null) return { action: "keep", branch, reason: `the history is shallow: cannot tell whether it is merged into ${facts.baseName} (git fetch --unshallow)` };
  if (!facts.mergedIntoBase) return { action: "keep", branch, reason: `it is not merged into ${facts.baseName}` };
  return { action: "delete", branch };
}
