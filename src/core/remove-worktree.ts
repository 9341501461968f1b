// `cwt rm`: removes one worktree with `git worktree remove` (never rm -rf), then its branch
// when that branch is merged into its base. Refuses, naming the overriding flag, whenever
// work could be lost.
import { realOrSelf } from "../io/real-path.ts";
import type { Config } from "../config/schema.ts";
import type { Deps } from "../deps.ts";
import { GitCommandError, RefusedError } from "../errors.ts";
import { classifyLock, type LockKind } from "../policy/claude-lock.ts";
import {
  branchOutcome,
  type BranchOutcome,
  type ContentsFacts,
  type Refusal,
  removalRefusals,
  type RemovalFacts,
  type SubmoduleFacts,
} from "../policy/removal.ts";
import { type Integration, integration, isIntegrated } from "./integration.ts";
import { loadInventory, type Worktree } from "./inventory.ts";
import { Journal, type RemoveItem } from "./journal.ts";
import { changedCopies } from "./records.ts";
import { loadSessionStates, type SessionState } from "./live-sessions.ts";
import { readStatus, resolveBases, type BaseRef } from "./list-worktrees.ts";
import { parseStatusCounts, type StatusCounts } from "../git/parse-status.ts";
import { DEFAULT_DISPOSABLE, disposablePatterns } from "../config/defaults.ts";
import { scanContents } from "./contents.ts";
import { isInside, reloadEntries, type Repo } from "./repo.ts";
import { countWalk, loadHistory } from "./shallow.ts";
import { withRepoLock } from "./repo-lock.ts";
import { requireWorktree } from "./resolve-worktree.ts";
import { hasSubmoduleData, SUBMODULE_REFUSAL, submoduleFacts } from "./submodules.ts";
import { releaseWorktreeConfig } from "./sparse.ts";

export interface RemoveInput {
  readonly ticket: string;
  readonly force: boolean;
  readonly keepBranch: boolean;
  readonly dryRun: boolean;
}

export type BranchResult = BranchOutcome & { readonly done: boolean };

export interface RemoveResult {
  readonly name: string;
  readonly path: string;
  readonly dryRun: boolean;
  readonly removed: boolean;
  /** A lock Claude Code left for a process that is gone, released before removal. */
  readonly staleLockReleased: string | null;
  /** What --force overrode. */
  readonly overridden: readonly Refusal[];
  /** Ignored entries that go with it as disposable ("node_modules/", "debug.log"). */
  readonly deletesIgnored: readonly string[];
  readonly branch: BranchResult;
}

type RemoveDeps = Pick<Deps, "cwd" | "platform" | "env"> &
  Partial<Pick<Deps, "now" | "crashPoint">> & {
    /** Patterns of ignored files that may go with a worktree (`disposablePatterns(config)`); default: the built-in ones. */
    readonly disposable?: readonly string[] | undefined;
    /** false: leave `contents` out (prune looks at it only for the worktrees it selected: `withContents`). */
    readonly contents?: boolean | undefined;
  };

/** Live-session evidence besides the lock, which the lock check already judges. */
export function liveEvidence(state: SessionState | undefined): string[] {
  return (state?.evidence ?? []).filter((e) => e.source !== "lock").map((e) => e.detail);
}

export interface GatheredFacts extends RemovalFacts {
  readonly lock: LockKind;
  /** How the branch's work is already in its base (null: it is not, or there is no base; "unknown": shallow clone). */
  readonly integrated: Integration;
  /** Paths of modified and untracked files, for last activity. */
  readonly changedPaths: readonly string[];
}

/** Gathers the facts the removal policy judges. Used by rm, and by prune for each candidate. */
export async function removalFacts(repo: Repo, w: Worktree, base: BaseRef | null, deps: RemoveDeps): Promise<GatheredFacts> {
  const head = w.entry.head;
  const history = await loadHistory(repo);
  // At its base still (a worktree nobody committed in): nothing of its own, no git process needed.
  const atBase = head !== undefined && base !== null && head === base.commit;
  const status = w.missing ? undefined : readStatus(repo, w.path);
  const [counts, unsafe, integrated, cwd, wtPath, copiesChanged, submodules, contents] = await Promise.all([
    status,
    atBase ? 0 : head ? countWalk(repo.git, history, [head, "--not", base?.commit ?? "HEAD", "--remotes", "--"]) : undefined,
    atBase ? ("ancestor" as const) : head && base ? integration(repo.git, head, base.commit, history) : null,
    realOrSelf(deps.cwd),
    realOrSelf(w.path),
    w.adminDir && !w.missing ? changedCopies(w.adminDir, w.path) : 0,
    submodulesOf(repo, w),
    w.missing || deps.contents === false ? undefined : contentsOf(repo, w, status, deps.disposable),
  ]);
  const unsafeCount = typeof unsafe === "number" ? unsafe : null;
  return {
    isMain: w.isMain,
    standingIn: isInside(cwd, wtPath, deps.platform.caseInsensitivePaths),
    missing: w.missing,
    lock: classifyLock(w.entry.lockReason, deps.platform),
    lockReason: w.entry.lockReason,
    modified: w.missing ? 0 : (counts?.modified ?? null),
    untracked: w.missing ? 0 : (counts?.untracked ?? null),
    // Work that reached the base by a squash merge or a rebase is not at risk either.
    unsafeCommits: head === undefined || isIntegrated(integrated) ? 0 : unsafeCount,
    historyShallow: unsafe === "shallow",
    integrated,
    changedCopies: copiesChanged,
    submodules,
    changedPaths: counts?.paths ?? [],
    contents,
  };
}

/** The facts with their contents looked at (for a worktree whose facts were gathered without). */
export async function withContents<F extends GatheredFacts>(repo: Repo, w: Worktree, facts: F, disposable: readonly string[]): Promise<F> {
  if (w.missing || facts.contents !== undefined) return facts;
  const untracked = facts.changedPaths.filter((p) => p.endsWith("/"));
  const contents = await scanContents(repo.git, { root: w.path, adminDir: w.adminDir, commonDir: repo.commonDir, untracked, disposable });
  return { ...facts, contents };
}

/** What the removal would delete beyond the status (ignored work, nested checkouts, hidden edits). */
async function contentsOf(repo: Repo, w: Worktree, status: Promise<StatusCounts | undefined> | undefined, disposable: readonly string[] | undefined): Promise<ContentsFacts> {
  const untracked = ((await status)?.paths ?? []).filter((p) => p.endsWith("/"));
  return scanContents(repo.git, { root: w.path, adminDir: w.adminDir, commonDir: repo.commonDir, untracked, disposable: disposable ?? DEFAULT_DISPOSABLE });
}

/** The submodule repositories the worktree's removal would delete; undefined when it has none (one stat). */
async function submodulesOf(repo: Repo, w: Worktree): Promise<SubmoduleFacts[] | undefined> {
  if (!w.adminDir || !(await hasSubmoduleData(w.adminDir))) return undefined;
  return submoduleFacts(repo.git, w.adminDir, await realOrSelf(w.path), repo.commonDir);
}

export function refusalError(name: string, refusals: readonly Refusal[]): RefusedError {
  const overridable = refusals.every((r) => r.override !== null);
  return new RefusedError(refusals[0]?.code ?? "REFUSED", `refusing to remove ${name}: ${refusals.map((r) => r.message).join("; ")}`, {
    hint: overridable ? "--force removes it anyway (its branch is still kept unless merged)" : undefined,
  });
}

export function decideBranch(w: Worktree, worktrees: readonly Worktree[], base: BaseRef | null, integrated: Integration, keepBranch: boolean): BranchOutcome {
  const merged = integrated === "unknown" ? null : isIntegrated(integrated);
  return branchOutcome({
    branch: w.entry.branch,
    keepBranch,
    branchCreated: w.record?.branchCreated,
    mergedIntoBase: merged,
    baseName: base?.ref ?? base?.commit.slice(0, 12) ?? "its base",
    checkedOutElsewhere: worktrees.find((o) => o !== w && o.entry.branch !== undefined && o.entry.branch === w.entry.branch)?.path,
  });
}

/** Where a removal records its steps (cwt doctor --fix finishes a removal that was killed). */
export interface RemovalLog {
  readonly journal: Journal;
  readonly item: number;
  readonly crashPoint?: ((point: string) => void) | undefined;
}

/** Starts the journal of a command that removes `targets`; their items are numbered in order. */
export async function beginRemovals(repo: Repo, command: string, targets: readonly { w: Worktree; outcome: BranchOutcome }[], deps: RemoveDeps): Promise<{ journal: Journal; logs: RemovalLog[] }> {
  const journal = await Journal.begin(repo.commonDir, command, { platform: deps.platform, now: deps.now ?? (() => new Date()) });
  const items = await journal.addAll(
    targets.map(({ w, outcome }) => {
      const deleteBranch = outcome.action === "delete" && w.entry.head ? { branch: outcome.branch, head: w.entry.head } : null;
      return { op: "remove" as const, path: w.path, deleteBranch, removeStarted: false, head: w.entry.head ?? null, adminDir: w.adminDir ?? null };
    }),
  );
  return { journal, logs: items.map((item) => ({ journal, item, crashPoint: deps.crashPoint })) };
}

/**
 * Runs a removal and ends its journal when it finished or git refused it before touching anything.
 * Any other failure (a git that died half-way) keeps the journal, for cwt doctor to report.
 */
export async function journaled<T>(journal: Journal, work: () => Promise<T>): Promise<T> {
  let settled = false;
  try {
    const result = await work();
    settled = true;
    return result;
  } catch (error) {
    if (error instanceof RefusedError) settled = true;
    throw error;
  } finally {
    if (settled) await journal.end();
  }
}

/** Removes a worktree the policy allowed, then applies the branch decision (compare-and-swap). */
export async function executeRemoval(repo: Repo, w: Worktree, lock: LockKind, force: boolean, outcome: BranchOutcome, log?: RemovalLog): Promise<{ staleLockReleased: string | null; branch: BranchResult }> {
  let staleLockReleased: string | null = null;
  // Once started, a removal runs to its end: a Ctrl-C (cwt's or the terminal's) must not leave a
  // worktree half-deleted. Ctrl-C stops cwt before the next removal instead.
  const git = repo.git.uninterruptible();
  if (lock === "claude-dead") {
    await git.run(["worktree", "unlock", w.path]);
    staleLockReleased = w.entry.lockReason ?? "";
  }
  const locked = lock !== "none" && lock !== "claude-dead";
  const args = ["worktree", "remove", ...(force ? ["--force"] : []), ...(force && locked ? ["--force"] : []), w.path];
  await log?.journal.update<RemoveItem>(log.item, { removeStarted: true });
  log?.crashPoint?.("remove:started");
  try {
    await git.run(args).catch(async (error: unknown) => {
      // git demands --force for any worktree with submodules. cwt gives it only once every one of
      // them is proven to hold nothing that exists nowhere else, judged again now.
      if (force || !(error instanceof GitCommandError) || !SUBMODULE_REFUSAL.test(error.stderr)) throw error;
      await requireSubmodulesSafe(repo, w);
      await git.run(["worktree", "remove", "--force", w.path]);
    });
    log?.crashPoint?.("remove:worktree");
  } catch (error) {
    if (error instanceof RefusedError) throw error;
    // Git arbitrates races: something changed after our checks. Report it as the refusal it is.
    if (error instanceof GitCommandError && !force) {
      throw new RefusedError("GIT_REFUSED", `git refused to remove ${w.path}: ${error.stderr.trim().split("\n")[0] ?? ""}`, {
        hint: "--force removes it anyway",
        cause: error,
      });
    }
    throw error;
  }
  await releaseWorktreeConfig(repo);
  const branch = await applyBranchOutcome(repo, w, outcome);
  if (branch.done) log?.crashPoint?.("remove:branch");
  return { staleLockReleased, branch };
}

/**
 * What git's `--force` would throw away in this worktree: its own files (a submodule's changes
 * counted whatever .gitmodules says, `ownFiles: false` skips them), `.worktreeinclude` copies changed
 * since, and every repository inside it: the submodule repositories under its admin folder and
 * repositories nested by hand. `repositories` is how many of those there are.
 */
export async function forceRefusals(
  repo: Repo,
  w: Worktree,
  options: { ownFiles: boolean; disposable?: readonly string[] | undefined },
): Promise<{ refusals: Refusal[]; repositories: number }> {
  const present = !w.missing && options.ownFiles;
  const statusRun = present ? repo.git.exec(["status", "--porcelain=v2", "-z", "--untracked-files=all", "--ignore-submodules=none"], { cwd: w.path }) : undefined;
  const parsed = statusRun?.then((s) => (s.exitCode === 0 ? parseStatusCounts(s.stdout) : undefined));
  const [status, copies, submodules, contents] = await Promise.all([
    statusRun,
    w.adminDir && !w.missing ? changedCopies(w.adminDir, w.path) : 0,
    w.adminDir ? realOrSelf(w.path).then((real) => submoduleFacts(repo.git, w.adminDir ?? "", real, repo.commonDir)) : [],
    present ? contentsOf(repo, w, parsed, options.disposable) : undefined,
  ]);
  const counts = status === undefined ? { modified: 0, untracked: 0 } : status.exitCode === 0 ? parseStatusCounts(status.stdout) : undefined;
  const refusals = removalRefusals(
    {
      isMain: false,
      standingIn: false,
      missing: w.missing,
      lock: "none",
      lockReason: undefined,
      modified: counts?.modified ?? null,
      untracked: counts?.untracked ?? null,
      unsafeCommits: 0,
      changedCopies: copies,
      submodules,
      contents,
    },
    { force: false },
  );
  return { refusals, repositories: submodules.length };
}

/**
 * Refuses unless the worktree and everything inside it are shown to hold no work, judged again
 * right before cwt gives git the `--force` it demands for a worktree with submodules. A worktree
 * git calls a submodule worktree but that shows no repository cwt can read is refused too.
 */
async function requireSubmodulesSafe(repo: Repo, w: Worktree): Promise<void> {
  const { refusals, repositories } = await forceRefusals(repo, w, { ownFiles: true });
  if (repositories === 0) {
    throw new RefusedError("SUBMODULE_UNKNOWN", `refusing to remove ${w.name}: git says it contains submodules, but it has no submodule data cwt can check`, {
      hint: "--force removes it anyway, with every repository inside it",
    });
  }
  if (refusals.length > 0) throw refusalError(w.name, refusals);
}

/** Deletes the branch when the decision says so, only if it still points where it was judged. */
export async function applyBranchOutcome(repo: Repo, w: Worktree, outcome: BranchOutcome): Promise<BranchResult> {
  if (outcome.action !== "delete" || !w.entry.head) return { ...outcome, done: false };
  // Not cut short by Ctrl-C: the worktree is already gone, and its merged branch goes with it.
  const deleted = await repo.git.uninterruptible().exec(["update-ref", "-d", `refs/heads/${outcome.branch}`, w.entry.head]);
  return deleted.exitCode === 0
    ? { ...outcome, done: true }
    : { action: "keep", branch: outcome.branch, reason: "it moved while the worktree was being removed", done: false };
}

export async function removeWorktree(input: RemoveInput, repo: Repo, config: Config, deps: RemoveDeps): Promise<RemoveResult> {
  if (input.dryRun) return removeUnlocked(input, repo, config, deps);
  return withRepoLock(repo, deps, `cwt rm ${input.ticket}`, async (waited) => removeUnlocked(input, waited ? await reloadEntries(repo) : repo, config, deps));
}

async function removeUnlocked(input: RemoveInput, repo: Repo, config: Config, deps: RemoveDeps): Promise<RemoveResult> {
  const worktrees = await loadInventory(repo);
  const w = requireWorktree(worktrees, input.ticket, config, repo.mainRoot);
  const [bases, sessions] = await Promise.all([resolveBases(repo, config, [w]), loadSessionStates(worktrees, deps)]);
  const base = bases.get(w) ?? null;
  const facts = { ...(await removalFacts(repo, w, base, { ...deps, disposable: disposablePatterns(config) })), liveSessions: liveEvidence(sessions.get(w)) };
  const refusals = removalRefusals(facts, { force: input.force });
  if (refusals.length > 0) throw refusalError(w.name, refusals);
  const overridden = input.force ? removalRefusals(facts, { force: false }) : [];
  const outcome = decideBranch(w, worktrees, base, facts.integrated, input.keepBranch);
  const common = { name: w.name, path: w.path, overridden, deletesIgnored: facts.contents?.disposable ?? [] };
  if (input.dryRun) {
    return {
      ...common,
      dryRun: true,
      removed: false,
      staleLockReleased: facts.lock === "claude-dead" ? (w.entry.lockReason ?? "") : null,
      branch: { ...outcome, done: false },
    };
  }
  const { journal, logs } = await beginRemovals(repo, `cwt rm ${input.ticket}`, [{ w, outcome }], deps);
  const done = await journaled(journal, () => executeRemoval(repo, w, facts.lock, input.force, outcome, logs[0]));
  return { ...common, dryRun: false, removed: true, ...done };
}
