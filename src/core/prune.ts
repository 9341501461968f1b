// `cwt prune`: removes stale, merged and orphaned worktrees, and keeps, with its reason, every
// one that could hold work. Plan first (pure data), then execute only what the plan allows.
import { rm, rmdir } from "node:fs/promises";
import type { Config } from "../config/schema.ts";
import type { Deps } from "../deps.ts";
import { RefusedError } from "../errors.ts";
import { classifyLock } from "../policy/claude-lock.ts";
import type { BranchOutcome, Refusal } from "../policy/removal.ts";
import { removalRefusals } from "../policy/removal.ts";
import { type Activity, commitTimes, lastActivity, newestChange } from "./activity.ts";
import { folderSizes } from "./disk-usage.ts";
import { isIntegrated } from "./integration.ts";
import { loadInventory, type Worktree } from "./inventory.ts";
import { resolveBases } from "./list-worktrees.ts";
import { loadSessionStates } from "./live-sessions.ts";
import { findOrphanFolders, orphanRoots } from "./orphans.ts";
import {
  applyBranchOutcome,
  beginRemovals,
  decideBranch,
  executeRemoval,
  type GatheredFacts,
  liveEvidence,
  type RemovalLog,
  removalFacts,
  withContents,
} from "./remove-worktree.ts";
import { disposablePatterns } from "../config/defaults.ts";
import type { Repo } from "./repo.ts";

export interface PruneSelectors {
  /** Select worktrees idle for longer than this many seconds. */
  readonly staleSeconds?: number | undefined;
  readonly merged: boolean;
  readonly orphans: boolean;
}

export interface PruneCandidate {
  readonly kind: "worktree" | "orphan-folder";
  readonly name: string;
  readonly path: string;
  readonly branch: string | null;
  /** Why it was selected: "stale", "merged (squash)", "orphan", "folder missing". */
  readonly selectedBy: readonly string[];
  readonly lastActivity: Activity | null;
  /** Why it is kept; empty when it will be removed. */
  readonly keptBecause: readonly Refusal[];
  /** What --force overrode. */
  readonly overridden: readonly Refusal[];
  readonly branchPlan: BranchOutcome;
  readonly bytes: number;
  /** Ignored entries that go with it as disposable ("node_modules/"). */
  readonly deletesIgnored?: readonly string[];
  /** Claude Code asked to remove it (WorktreeRemove hook) and cwt kept it: when, and why then. */
  readonly keptOnClaudeRemove: { readonly at: string; readonly reasons: readonly string[] } | null;
}

export interface PrunePlan {
  readonly remove: readonly PruneCandidate[];
  readonly keep: readonly PruneCandidate[];
}

export interface PruneOutcome {
  readonly removed: readonly (PruneCandidate & { readonly branchResult: BranchOutcome & { done: boolean } })[];
  /** `refused`: git refused before touching anything (nothing half-done). */
  readonly failed: readonly (PruneCandidate & { readonly error: string; readonly refused: boolean })[];
  readonly reclaimedBytes: number;
}

type PruneDeps = Pick<Deps, "cwd" | "env" | "platform" | "now"> & Partial<Pick<Deps, "progress" | "crashPoint">>;

const NO_BRANCH: BranchOutcome = { action: "none" };

function fresh(w: Worktree, facts: GatheredFacts): boolean {
  const created = w.record?.base.commit;
  return created !== undefined && w.entry.head === created && isIntegrated(facts.integrated);
}

async function worktreeCandidate(
  repo: Repo,
  w: Worktree,
  all: readonly Worktree[],
  ctx: { selectors: PruneSelectors; force: boolean; now: number; deps: PruneDeps; disposable: readonly string[]; base: Parameters<typeof removalFacts>[2]; session: Parameters<typeof liveEvidence>[0]; commit: Date | undefined },
): Promise<PruneCandidate | undefined> {
  const gathered = { ...(await removalFacts(repo, w, ctx.base, { ...ctx.deps, contents: false })), liveSessions: liveEvidence(ctx.session) };
  let facts = gathered;
  const files = w.missing ? undefined : await newestChange(w.path, facts.changedPaths);
  const activity = lastActivity(w, { commit: ctx.commit, files, session: ctx.session }) ?? null;
  const selectedBy: string[] = [];
  const skipped: Refusal[] = [];
  if (ctx.selectors.staleSeconds !== undefined && activity && ctx.now - activity.at.getTime() > ctx.selectors.staleSeconds * 1000) selectedBy.push("stale");
  if (ctx.selectors.merged && facts.integrated === "unknown") {
    // A shallow clone cannot tell (issue #12): never selected on a guess.
    skipped.push({ code: "MERGE_UNKNOWN", message: "the history is shallow: cannot tell whether it is merged into its base (git fetch --unshallow)", override: null });
  } else if (ctx.selectors.merged && isIntegrated(facts.integrated)) {
    if (fresh(w, facts)) skipped.push({ code: "FRESH", message: "it has no commits of its own yet (fresh), so nothing of it was merged", override: null });
    else selectedBy.push(`merged (${facts.integrated})`);
  }
  if (ctx.selectors.orphans && w.missing) selectedBy.push("folder missing");
  // Claude Code asked to remove it and cwt kept it then: finish the job once nothing is at risk.
  // Never by --force alone: that flag was given for the worktrees the selectors name.
  const force = ctx.force && selectedBy.length > 0;
  // Only while nothing happened there since: work after the request means someone kept using it.
  if (w.kept && (!activity || activity.at.getTime() <= Date.parse(w.kept.keptAt) + 1000)) selectedBy.push(CLAUDE_ASKED);
  if (selectedBy.length === 0) return skipped.length > 0 && ctx.selectors.merged ? candidate(w, [], activity, skipped, [], NO_BRANCH, 0) : undefined;
  // What git would delete beyond the status, only for the worktrees selected: a walk of ignored folders.
  facts = await withContents(repo, w, facts, ctx.disposable);
  // A record whose folder is gone holds no files, and its commits stay on its branch, which is kept
  // unless merged. A detached one has no branch: its commits are judged like any other's.
  const judged = w.missing && w.entry.branch !== undefined ? { ...facts, unsafeCommits: 0 } : facts;
  const keptBecause = removalRefusals(judged, { force, mode: "prune" });
  const overridden = force ? removalRefusals(judged, { force: false, mode: "prune" }).filter((r) => r.override !== null) : [];
  const branchPlan = decideBranch(w, all, ctx.base, facts.integrated, false);
  return { ...candidate(w, selectedBy, activity, keptBecause, overridden, branchPlan, 0), deletesIgnored: facts.contents?.disposable ?? [] };
}

function candidate(w: Worktree, selectedBy: string[], activity: Activity | null, keptBecause: Refusal[], overridden: Refusal[], branchPlan: BranchOutcome, bytes: number): PruneCandidate {
  const keptOnClaudeRemove = w.kept ? { at: w.kept.keptAt, reasons: w.kept.reasons } : null;
  return { kind: "worktree", name: w.name, path: w.path, branch: w.entry.branch ?? null, selectedBy, lastActivity: activity, keptBecause, overridden, branchPlan, bytes, keptOnClaudeRemove };
}

/** The selector a worktree gets when Claude Code asked to remove it and cwt kept it then. */
export const CLAUDE_ASKED = "Claude Code asked to remove it";

/** Orphan folders as candidates. One that holds files may be someone's only copy; one with a .git is a checkout. */
async function orphanCandidates(roots: readonly string[], worktrees: readonly Worktree[], force: boolean): Promise<PruneCandidate[]> {
  const orphans = await findOrphanFolders(roots, worktrees);
  return Promise.all(
    orphans.map(async (o): Promise<PruneCandidate> => {
      const refusal: Refusal | undefined = o.hasGit
        ? { code: "ORPHAN_CHECKOUT", message: "it holds a .git: a checkout git no longer lists here, never removed by prune", override: null }
        : o.entries > 0
          ? { code: "ORPHAN_HAS_FILES", message: `it holds ${o.entries} entr${o.entries === 1 ? "y" : "ies"} that git does not know, which may be the only copy of someone's work`, override: "--force" }
          : undefined;
      const kept = refusal !== undefined && (refusal.override === null || !force);
      return {
        kind: "orphan-folder",
        name: o.name,
        path: o.path,
        branch: null,
        selectedBy: ["orphan"],
        lastActivity: null,
        keptBecause: kept && refusal ? [refusal] : [],
        overridden: !kept && refusal ? [refusal] : [],
        branchPlan: NO_BRANCH,
        bytes: 0,
        keptOnClaudeRemove: null,
      };
    }),
  );
}

export async function planPrune(repo: Repo, config: Config, selectors: PruneSelectors, force: boolean, deps: PruneDeps): Promise<PrunePlan> {
  const worktrees = await loadInventory(repo);
  const linked = worktrees.filter((w) => !w.isMain);
  const [bases, sessions, commits] = await Promise.all([
    resolveBases(repo, config, linked),
    loadSessionStates(worktrees, deps),
    commitTimes(repo.git, linked.flatMap((w) => (w.entry.head ? [w.entry.head] : []))),
  ]);
  const now = deps.now().getTime();
  const candidates = (
    await Promise.all(
      linked.map((w) =>
        worktreeCandidate(repo, w, worktrees, { selectors, force, now, deps, disposable: disposablePatterns(config), base: bases.get(w) ?? null, session: sessions.get(w), commit: w.entry.head ? commits.get(w.entry.head) : undefined }),
      ),
    )
  ).filter((c): c is PruneCandidate => c !== undefined);
  if (selectors.orphans) {
    candidates.push(...(await orphanCandidates(orphanRoots(repo, config), worktrees, force)));
  }
  const remove = candidates.filter((c) => c.keptBecause.length === 0 && c.selectedBy.length > 0);
  const sizes = await folderSizes(remove.filter((c) => !c.selectedBy.includes("folder missing")).map((c) => c.path));
  return {
    remove: remove.map((c) => ({ ...c, bytes: sizes.get(c.path) ?? 0 })),
    keep: candidates.filter((c) => c.keptBecause.length > 0),
  };
}

/** Removes what the plan allows. Each removal is re-checked by git itself (no --force unless forced). */
/** Worktree removals run a few at a time (each is its own git process and admin folder). */
const PARALLEL_REMOVALS = 4;

/**
 * Removes what the plan allows. git re-checks each removal (no --force unless forced). Branches go
 * afterwards, one at a time: their deletions may all rewrite packed-refs.
 */
export async function executePrune(repo: Repo, plan: PrunePlan, force: boolean, deps: PruneDeps): Promise<PruneOutcome> {
  const worktrees = await loadInventory(repo);
  // One journal for the run: each worktree removal and its later branch deletion is an item.
  const targets = plan.remove.flatMap((c) => {
    const w = c.kind === "worktree" ? worktrees.find((x) => x.path === c.path) : undefined;
    return w ? [{ c, w }] : [];
  });
  const { journal, logs } = await beginRemovals(repo, "cwt prune", targets.map(({ c, w }) => ({ w, outcome: c.branchPlan })), deps);
  const logOf = new Map(targets.map(({ c }, i) => [c.path, logs[i]]));
  const outcome = await removeAll(repo, plan, worktrees, logOf, deps);
  // A removal that failed other than by git's refusal may have died half-way: keep the journal.
  if (!outcome.failed.some((f) => f.kind === "worktree" && !f.refused)) await journal.end();
  return outcome;
}

async function removeAll(repo: Repo, plan: PrunePlan, worktrees: readonly Worktree[], logOf: ReadonlyMap<string, RemovalLog | undefined>, deps: PruneDeps): Promise<PruneOutcome> {
  const done: { c: PruneCandidate; w: Worktree | undefined }[] = [];
  const failed: PruneOutcome["failed"][number][] = [];
  const removeOne = async (c: PruneCandidate): Promise<void> => {
    try {
      if (c.kind === "orphan-folder") {
        // An empty folder goes with rmdir, which fails if anything appeared meanwhile; one with
        // files only because --force said so.
        if (c.overridden.length > 0) await rm(c.path, { recursive: true });
        else await rmdir(c.path);
        done.push({ c, w: undefined });
        return;
      }
      const w = worktrees.find((x) => x.path === c.path);
      if (!w) throw new Error("it is no longer a worktree");
      await executeRemoval(repo, w, classifyLock(w.entry.lockReason, deps.platform), c.overridden.length > 0, { action: "none" }, logOf.get(c.path));
      done.push({ c, w });
    } catch (error) {
      failed.push({ ...c, error: error instanceof Error ? error.message : String(error), refused: error instanceof RefusedError });
    }
  };
  for (let i = 0; i < plan.remove.length; i += PARALLEL_REMOVALS) {
    await Promise.all(plan.remove.slice(i, i + PARALLEL_REMOVALS).map(removeOne));
    deps.progress?.("removing worktrees", Math.min(i + PARALLEL_REMOVALS, plan.remove.length), plan.remove.length);
  }
  const removed: PruneOutcome["removed"][number][] = [];
  for (const { c, w } of done) {
    const branchResult = w ? await applyBranchOutcome(repo, w, c.branchPlan) : ({ action: "none", done: false } as const);
    if (branchResult.done) deps.crashPoint?.("remove:branch");
    removed.push({ ...c, branchResult });
  }
  const order = new Map(plan.remove.map((c, i) => [c.path, i]));
  removed.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  return { removed, failed, reclaimedBytes: removed.reduce((sum, c) => sum + c.bytes, 0) };
}
