// Pure: may a worktree be removed, and what happens to its branch. Facts in, decision out.
// An unknown fact (status could not be read) refuses like a bad one: never assume clean.
import type { LockKind } from "./claude-lock.ts";

/** One submodule repository that removing the worktree would delete (see core/submodules.ts). */
export interface SubmoduleFacts {
  /** Where it is checked out in the worktree ("vendor/lib"), or its name when it is git data only. */
  readonly path: string;
  readonly checkedOut: boolean;
  /** null: could not be determined. 0 when it is not checked out. */
  readonly modified: number | null;
  readonly untracked: number | null;
  /** Commits on none of its remote-tracking branches and not in the main checkout's copy; null: unknown. */
  readonly unsafeCommits: number | null;
  /** Whether the main checkout has its own copy of this submodule (`.git/modules/`). */
  readonly mainCopy?: boolean;
  /** Why its facts are unknown, when that is not a failed status or commit walk. */
  readonly unknown?: string;
}

/** A checkout inside the worktree: one of this repository's worktrees, or another repository. */
export interface NestedCheckout {
  /** Relative to the worktree ("build/vendored"). */
  readonly path: string;
  readonly kind: "worktree" | "repository";
}

/** What a removal deletes that `git status` does not show (core/contents.ts). */
export interface ContentsFacts {
  /** Ignored files that are neither disposable nor unchanged copies: a sample, and how many. */
  readonly ignoredWork: readonly string[];
  readonly ignoredWorkCount: number;
  readonly nested: readonly NestedCheckout[];
  /** Tracked files hidden by --assume-unchanged or --skip-worktree that differ from the index. */
  readonly hiddenEdits: readonly string[];
  /** Ignored entries matching a disposable pattern, which go with the worktree. */
  readonly disposable: readonly string[];
  /** git operations in progress there, each worded with how to end it. */
  readonly inProgress: readonly string[];
  /** When the newest ignored work file was written (ms), for last activity. */
  readonly newestWork: number | undefined;
  /** Why the contents could not be established (then nothing else here is complete). */
  readonly unknown?: string;
}

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
  /** The submodule repositories under the worktree's admin folder, which its removal deletes too. */
  readonly submodules?: readonly SubmoduleFacts[] | undefined;
  /** Evidence of a live Claude Code session other than the lock (session files, cwt launch). */
  readonly liveSessions?: readonly string[] | undefined;
  /** Ignored work, nested checkouts and hidden edits; undefined when the folder is missing. */
  readonly contents?: ContentsFacts | undefined;
}

export interface Refusal {
  readonly code: string;
  readonly message: string;
  /** The flag that overrides it; null when nothing does. */
  readonly override: "--force" | null;
}

/** What `--force` may override in a bulk prune: the file and commit checks only (issue: prune safety). */
const PRUNE_OVERRIDABLE = new Set([
  "DIRTY",
  "STATUS_UNKNOWN",
  "UNPUSHED",
  "COMMITS_UNKNOWN",
  "COPIES_CHANGED",
  "SUBMODULE_DIRTY",
  "SUBMODULE_UNPUSHED",
  "SUBMODULE_UNKNOWN",
  "IGNORED_WORK",
  "HIDDEN_EDITS",
  "NESTED_REPOSITORY",
  "CONTENTS_UNKNOWN",
  "IN_PROGRESS",
]);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const named = (sample: readonly string[], count: number) => `${sample.join(", ")}${count > sample.length ? `, and ${count - sample.length} more` : ""}`;

/** What the worktree holds besides its status: each refusal says what it is and what to do. */
export function contentsRefusals(c: ContentsFacts): { code: string; message: string; overridable: boolean }[] {
  const out: { code: string; message: string; overridable: boolean }[] = c.inProgress.map((what) => ({
    code: "IN_PROGRESS",
    message: what,
    overridable: true,
  }));
  if (c.unknown !== undefined) return [...out, { code: "CONTENTS_UNKNOWN", message: `${c.unknown}, so it cannot be shown to hold no work`, overridable: true }];
  for (const n of c.nested) {
    if (n.kind === "worktree") {
      out.push({ code: "NESTED_WORKTREE", message: `another worktree of this repository lies inside it, at ${n.path} (remove or move that one first: cwt rm, or git worktree move)`, overridable: false });
    } else {
      out.push({ code: "NESTED_REPOSITORY", message: `a git repository lies inside it, at ${n.path}, and would be deleted with its files and commits (move it out first)`, overridable: true });
    }
  }
  if (c.hiddenEdits.length > 0) {
    const n = c.hiddenEdits.length;
    out.push({
      code: "HIDDEN_EDITS",
      message: `${plural(n, "tracked file")} hidden from git status by --assume-unchanged or --skip-worktree ${n === 1 ? "differs" : "differ"} from the index: ${named(c.hiddenEdits.slice(0, 5), n)}`,
      overridable: true,
    });
  }
  if (c.ignoredWorkCount > 0) {
    const n = c.ignoredWorkCount;
    out.push({
      code: "IGNORED_WORK",
      message: `${plural(n, "ignored file")} that cwt did not copy in would be deleted: ${named(c.ignoredWork, n)} (move ${n === 1 ? "it" : "them"} out, or list ${n === 1 ? "its" : "their"} pattern under "disposable" in cwt.config.json)`,
      overridable: true,
    });
  }
  return out;
}

/** What each submodule puts at stake, worded as "vendor/lib: 2 commits on no remote". */
export function submoduleRefusals(subs: readonly SubmoduleFacts[]): { code: string; message: string }[] {
  const out: { code: string; message: string }[] = [];
  for (const s of subs) {
    const name = s.checkedOut ? s.path : `${s.path} (git data, not checked out)`;
    if (s.unknown !== undefined) {
      out.push({ code: "SUBMODULE_UNKNOWN", message: `${s.path}: ${s.unknown}` });
      continue;
    }
    if (s.modified === null || s.untracked === null) {
      out.push({ code: "SUBMODULE_UNKNOWN", message: `${name}: git status failed there, so it cannot be shown to hold no work` });
    } else if (s.modified + s.untracked > 0) {
      const parts = [s.modified > 0 ? `${s.modified} modified` : "", s.untracked > 0 ? `${s.untracked} untracked` : ""].filter(Boolean);
      out.push({ code: "SUBMODULE_DIRTY", message: `${name}: ${parts.join(" and ")} file${s.modified + s.untracked === 1 ? "" : "s"}` });
    }
    if (s.unsafeCommits === null) {
      out.push({ code: "SUBMODULE_UNKNOWN", message: `${name}: its commits could not be compared with its remotes` });
    } else if (s.unsafeCommits > 0) {
      out.push({ code: "SUBMODULE_UNPUSHED", message: `${name}: ${plural(s.unsafeCommits, "commit")} on no remote${s.mainCopy ? " and not in the main checkout's copy" : ""}` });
    }
  }
  return out;
}

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
  for (const r of submoduleRefusals(facts.submodules ?? [])) add(r.code, r.message);
  if (!facts.missing && facts.contents) for (const r of contentsRefusals(facts.contents)) add(r.code, r.message, r.overridable);
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
