// `cwt list`: every worktree with its state. The JSON shape (README "cwt list --json") is stable.
import { lstat } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/schema.ts";
import type { Deps } from "../deps.ts";
import { acceptStatusOutputs, parseStatusCounts, type StatusCounts } from "../git/parse-status.ts";
import type { WorktreeEntry } from "../git/parse-worktrees.ts";
import { type ActivitySource, commitTimes, lastActivity, newestChange } from "./activity.ts";
import { hiddenEditCount } from "./contents.ts";
import { loadInventory, type Origin, type Worktree } from "./inventory.ts";
import { loadSessionStates } from "./live-sessions.ts";
import type { Repo } from "./repo.ts";
import { countSides, type History, loadHistory } from "./shallow.ts";

export interface ListedWorktree {
  readonly name: string;
  readonly ticket: string | null;
  readonly branch: string | null;
  readonly path: string;
  readonly main: boolean;
  readonly origin: Origin;
  readonly owner: string | null;
  readonly createdAt: string | null;
  readonly ageSeconds: number | null;
  readonly head: string | null;
  readonly detached: boolean;
  readonly modified: number | null;
  readonly untracked: number | null;
  readonly base: { readonly ref: string | null; readonly commit: string } | null;
  readonly ahead: number | null;
  readonly behind: number | null;
  /** ahead or behind is null because the clone is shallow and git lacks the history to count them. */
  readonly historyShallow: boolean;
  readonly locked: boolean;
  readonly lockReason: string | null;
  readonly missing: boolean;
  /** A Claude Code session runs in it (lock, session file or cwt launch; README "Live sessions"). */
  readonly liveSession: boolean;
  readonly sessionPids: readonly number[];
  /** The newest Claude Code transcript for it, or its last cwt launch. */
  readonly lastSessionAt: string | null;
  /** Newest of: last commit, changed files, cwt launch, transcript, creation (what prune --stale reads). */
  readonly lastActivity: string | null;
  readonly lastActivitySource: ActivitySource | null;
  /** Claude Code asked to remove it (WorktreeRemove hook) and cwt kept it: when, and why. */
  readonly keptOnClaudeRemove: { readonly at: string; readonly reasons: readonly string[] } | null;
  /** The folders of a sparse worktree cwt made (git sparse-checkout, cone mode); null: a full checkout, or unknown. */
  readonly sparse: readonly string[] | null;
}

export interface BaseRef {
  readonly ref: string | null;
  readonly commit: string;
}

/**
 * The base a worktree is compared with: the ref its record names (at its current tip, so work
 * merged since counts as merged), else the commit recorded at creation, else Claude Code's
 * CLAUDE_BASE, else the repository's default base.
 */
export async function resolveBases(repo: Repo, config: Config, worktrees: readonly Worktree[]): Promise<Map<Worktree, BaseRef | null>> {
  const cache = new Map<string, Promise<string | undefined>>();
  const commitOf = (ref: string): Promise<string | undefined> => {
    let found = cache.get(ref);
    if (!found) {
      found = repo.git
        .exec(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`])
        .then((out) => (out.exitCode === 0 ? out.stdout.trim() : undefined));
      cache.set(ref, found);
    }
    return found;
  };
  const mainBranch = repo.entries[0]?.branch;
  const defaultRef = config.defaultBase ?? mainBranch ?? "HEAD";
  const result = new Map<Worktree, BaseRef | null>();
  await Promise.all(
    worktrees.map(async (w) => {
      if (w.isMain) return result.set(w, null);
      // On the repository's own branch (a bare repository's HEAD: no main checkout holds it) or on
      // the default base: it is the base, so never "merged into" it, and its branch never deleted.
      const own = w.entry.branch;
      if (own !== undefined && (own === mainBranch || defaultRef === own || defaultRef === `refs/heads/${own}`)) return result.set(w, null);
      const recorded = w.record?.base;
      if (recorded) {
        // The ref named at creation, at its tip now, unless it is the worktree's own branch (a
        // tampered record would otherwise make every commit look merged): then the recorded commit.
        const usable = recorded.ref !== null && recorded.ref !== w.entry.branch && recorded.ref !== `refs/heads/${w.entry.branch ?? ""}`;
        const current = usable && recorded.ref ? await commitOf(recorded.ref) : undefined;
        return result.set(w, current ? { ref: recorded.ref, commit: current } : { ref: null, commit: recorded.commit });
      }
      if (w.claudeBase) {
        const commit = await commitOf(w.claudeBase);
        if (commit) return result.set(w, { ref: null, commit });
      }
      const commit = await commitOf(defaultRef);
      return result.set(w, commit ? { ref: defaultRef, commit } : null);
    }),
  );
  return result;
}

const STATUS_ARGS = ["status", "--porcelain=v2", "-z", "--branch", "--no-ahead-behind", "--untracked-files=all"];

/**
 * A worktree's changed files: counts and paths, or undefined when git status failed there.
 * `--branch` makes the output never empty (see maySucceedSilently) and starts it with a header
 * (see readStatuses); `--no-ahead-behind` spares git the walk to an upstream nothing here reads.
 */
export async function readStatus(repo: Repo, worktreePath: string): Promise<StatusCounts | undefined> {
  const out = await repo.git.exec(STATUS_ARGS, { cwd: worktreePath });
  return out.exitCode === 0 ? parseStatusCounts(out.stdout) : undefined;
}

/** Worktrees per `git for-each-repo` (its list travels in GIT_CONFIG_PARAMETERS: one environment string). */
const PER_BATCH = 32;
/** At least this many batches run side by side, so a handful of big worktrees still get several processes. */
const MIN_BATCHES = 4;

/**
 * Every worktree's status, a few git processes for all of them: `git for-each-repo` runs
 * `git -C <path> status` for each path its config list names, in order, and each output starts
 * with its `# branch.oid` and `# branch.head` headers. Starting a process from Node costs more CPU
 * than from git (the fork copies Node's much bigger address space), so on 200 worktrees this is
 * about half a second of a 2-core machine.
 *
 * Which outputs are taken is acceptStatusOutputs' rule; every other worktree is asked again on
 * its own. for-each-repo runs outside every repository (`-C /`): inside one whose `.git` is a file
 * (--separate-git-dir), or a bare one, git would hand its own GIT_DIR to each status.
 */
export function readStatuses(repo: Repo, entries: readonly WorktreeEntry[]): Map<string, Promise<StatusCounts | undefined>> {
  const result = new Map<string, Promise<StatusCounts | undefined>>();
  const count = Math.min(entries.length, Math.max(MIN_BATCHES, Math.ceil(entries.length / PER_BATCH)));
  const outside = path.parse(repo.commonDir).root;
  // A repository at the root of the file system would be found from there: then no batches.
  const outsideIsFree = lstat(path.join(outside, ".git")).then(() => false, () => true);
  for (let b = 0; b < count; b++) {
    const batch = entries.filter((_, i) => i % count === b);
    const outputs = readBatch(repo, batch, outside, outsideIsFree);
    batch.forEach((entry, i) => {
      const status = outputs.then((all) => {
        const output = all[i];
        return output !== undefined ? parseStatusCounts(output) : readStatus(repo, entry.path);
      });
      status.catch(() => {}); // awaited by the caller; an error (interrupted, git missing) is thrown there
      result.set(entry.path, status);
    });
  }
  return result;
}

async function readBatch(repo: Repo, batch: readonly WorktreeEntry[], outside: string, outsideIsFree: Promise<boolean>): Promise<(string | undefined)[]> {
  const none = batch.map(() => undefined);
  if (batch.length === 1) return none; // one worktree: its own status is just as cheap
  if (!(await outsideIsFree)) return none;
  // A key of this run's own: no config file can add paths to the list.
  const key = `cwt.statusof${Math.random().toString(36).slice(2, 10)}`;
  const list = batch.flatMap((e) => ["-c", `${key}=${e.path}`]);
  const out = await repo.git.exec([...list, "for-each-repo", `--config=${key}`, "--", ...STATUS_ARGS], { cwd: outside });
  return acceptStatusOutputs(batch, out.exitCode, out.stdout);
}

async function gatherState(repo: Repo, w: Worktree, base: BaseRef | null, history: History, status: Promise<StatusCounts | undefined> | undefined) {
  if (w.missing) return { modified: null, untracked: null, ahead: null, behind: null, historyShallow: false, filesChangedAt: undefined };
  const indexFile = w.isMain ? path.join(repo.commonDir, "index") : w.adminDir && path.join(w.adminDir, "index");
  const [parsed, counts, hidden] = await Promise.all([
    status ?? readStatus(repo, w.path),
    // At its base already (a fresh worktree): nothing ahead, nothing behind, no process needed.
    base && w.entry.head && w.entry.head !== base.commit ? countSides(repo.git, history, base.commit, "HEAD", { cwd: w.path }) : undefined,
    // Edits hidden from status by --assume-unchanged or --skip-worktree count as modified too.
    indexFile ? hiddenEditCount(repo.git, w.path, indexFile, w.entry.head) : 0,
  ]);
  const atBase = base !== null && w.entry.head === base.commit;
  const behind = atBase ? 0 : counts?.left;
  const ahead = atBase ? 0 : counts?.right;
  return {
    modified: parsed ? parsed.modified + (hidden ?? 0) : null,
    untracked: parsed?.untracked ?? null,
    ahead: typeof ahead === "number" ? ahead : null,
    behind: typeof behind === "number" ? behind : null,
    historyShallow: ahead === "shallow" || behind === "shallow",
    filesChangedAt: parsed ? await newestChange(w.path, parsed.paths) : undefined,
  };
}

export async function listWorktrees(repo: Repo, config: Config, deps: Pick<Deps, "now" | "env" | "platform">): Promise<ListedWorktree[]> {
  // A status needs only the worktree's path: they start now, on the other core, while the
  // inventory reads every admin folder (on 200 worktrees that is a tenth of a second).
  const statuses = readStatuses(
    repo,
    repo.entries.filter((e) => !e.bare && e.prunableReason === undefined),
  );
  const worktrees = await loadInventory(repo);
  const [bases, sessions, commits, history] = await Promise.all([
    resolveBases(repo, config, worktrees),
    loadSessionStates(worktrees, deps),
    commitTimes(repo.git, worktrees.flatMap((w) => (w.entry.head ? [w.entry.head] : []))),
    loadHistory(repo),
  ]);
  const now = deps.now().getTime();
  return Promise.all(
    worktrees.map(async (w): Promise<ListedWorktree> => {
      const base = bases.get(w) ?? null;
      const { filesChangedAt, ...state } = await gatherState(repo, w, base, history, statuses.get(w.path));
      const session = sessions.get(w);
      const activity = lastActivity(w, { commit: w.entry.head ? commits.get(w.entry.head) : undefined, files: filesChangedAt, session });
      return {
        name: w.name,
        ticket: w.record?.ticket ?? null,
        branch: w.entry.branch ?? null,
        path: w.path,
        main: w.isMain,
        origin: w.origin,
        owner: w.record?.owner ?? null,
        createdAt: w.createdAt?.toISOString() ?? null,
        ageSeconds: w.createdAt ? Math.max(0, Math.floor((now - w.createdAt.getTime()) / 1000)) : null,
        head: w.entry.head ?? null,
        detached: w.entry.detached,
        ...state,
        base,
        locked: w.entry.lockReason !== undefined,
        lockReason: w.entry.lockReason ?? null,
        missing: w.missing,
        liveSession: (session?.evidence.length ?? 0) > 0,
        sessionPids: [...new Set(session?.evidence.map((e) => e.pid) ?? [])],
        lastSessionAt: session?.lastActivity?.toISOString() ?? null,
        lastActivity: activity?.at.toISOString() ?? null,
        lastActivitySource: activity?.source ?? null,
        keptOnClaudeRemove: w.kept ? { at: w.kept.keptAt, reasons: w.kept.reasons } : null,
        sparse: w.record?.sparsePaths ?? null,
      };
    }),
  );
}
