// Claude Code's WorktreeCreate / WorktreeRemove hooks (claude-code.md §4): every worktree Claude
// makes (`claude -w`, subagents, background sessions) goes through cwt's own creation, and its
// removal through cwt's safety policy. Claude cannot be stopped by the remove hook and hides its
// failures, so keeping a worktree (and saying why, where `cwt list` and `cwt prune` show it) is
// the whole safety net: this code never forces.
import { disposablePatterns } from "../config/defaults.ts";
import { realOrSelf } from "../io/real-path.ts";
import path from "node:path";
import type { Config } from "../config/schema.ts";
import type { Deps } from "../deps.ts";
import { RefusedError, UsageError } from "../errors.ts";
import { parseClaudeLock, type LockKind } from "../policy/claude-lock.ts";
import { normalizeTicket } from "../policy/naming.ts";
import { isInside } from "../policy/paths.ts";
import { removalRefusals, type Refusal } from "../policy/removal.ts";
import { createWorktree, type CreateResult } from "./create-worktree.ts";
import { loadInventory, type Worktree } from "./inventory.ts";
import { resolveBases } from "./list-worktrees.ts";
import { loadSessionStates } from "./live-sessions.ts";
import { clearKept, saveKept } from "./records.ts";
import { beginRemovals, decideBranch, executeRemoval, journaled, liveEvidence, removalFacts, type BranchResult } from "./remove-worktree.ts";
import { reloadEntries, type Repo } from "./repo.ts";
import { withRepoLock } from "./repo-lock.ts";
import { findWorktree } from "./resolve-worktree.ts";

/** The Claude Code session that runs the hook: its own lock and session file are not someone else's. */
export interface HookCaller {
  /** `CLAUDE_PID` from the hook's environment. */
  readonly pid: number | undefined;
  /** `session_id` from the payload. */
  readonly sessionId: string | undefined;
}

export type HookCreateResult =
  | { readonly kind: "created"; readonly path: string; readonly created: CreateResult }
  | { readonly kind: "reopened"; readonly path: string; readonly worktree: Worktree };

type HookDeps = Pick<Deps, "env" | "now" | "signal" | "platform" | "cwd">;

async function reopen(w: Worktree, name: string): Promise<HookCreateResult> {
  if (w.missing) {
    throw new RefusedError("WORKTREE_FOLDER_MISSING", `the worktree for ${name} is registered with git but its folder ${w.path} is gone`, {
      hint: "cwt prune --orphans clears the stale registration",
    });
  }
  // In use again: an earlier "remove it" from Claude Code no longer stands (prune must not act on it).
  if (w.kept && w.adminDir) await clearKept(w.adminDir);
  return { kind: "reopened", path: w.path, worktree: w };
}

/**
 * Creates the worktree Claude Code asked for, through exactly `cwt new`'s code path, or returns the
 * existing one for that name (Claude reopening `-w NAME`). The name must pass Claude Code's own
 * name rules; the team's ticketPattern does not apply (Claude picks these names, not a person).
 */
export async function hookCreate(name: string, caller: HookCaller, repo: Repo, config: Config, deps: HookDeps): Promise<HookCreateResult> {
  normalizeTicket(name);
  const existing = findWorktree(await loadInventory(repo), name, config, repo.mainRoot);
  if (existing) return await reopen(existing, name);
  try {
    const created = await createWorktree({ ticket: name, claude: { sessionId: caller.sessionId ?? null } }, repo, config, deps);
    return { kind: "created", path: created.path, created };
  } catch (error) {
    // Two hooks for one name at once (subagents start together): the loser reopens the winner's.
    if (error instanceof RefusedError && error.code === "WORKTREE_EXISTS") {
      const now = findWorktree(await loadInventory(await reloadEntries(repo)), name, config, repo.mainRoot);
      if (now) return await reopen(now, name);
    }
    throw error;
  }
}

export type HookRemoveResult =
  | { readonly kind: "removed"; readonly name: string; readonly path: string; readonly staleLockReleased: string | null; readonly branch: BranchResult }
  | { readonly kind: "kept"; readonly name: string; readonly path: string; readonly reasons: readonly Refusal[] };

/** The linked worktree at `given` (an absolute path, compared after resolving symlinks). */
async function worktreeAt(worktrees: readonly Worktree[], given: string, caseInsensitive: boolean): Promise<Worktree | undefined> {
  const wanted = await realOrSelf(path.resolve(given));
  const same = (a: string, b: string) => (caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b);
  for (const w of worktrees) {
    if (same(w.path, wanted) || same(await realOrSelf(w.path), wanted)) return w;
  }
  return undefined;
}

/** The caller's own lock (its pid) is released with the removal, like a dead one: Claude asked. */
function callerLock(lock: LockKind, reason: string | undefined, caller: HookCaller): LockKind {
  if ((lock === "claude-live" || lock === "claude-unknown") && caller.pid !== undefined && reason !== undefined && parseClaudeLock(reason)?.pid === caller.pid) {
    return "claude-dead";
  }
  return lock;
}

/**
 * Removes the worktree at `worktreePath` only when `cwt rm` would without `--force`. Otherwise it
 * keeps the worktree and its branch and records why (`cwt-kept.json` in its admin folder).
 */
export async function hookRemove(worktreePath: string, caller: HookCaller, repo: Repo, config: Config, deps: HookDeps): Promise<HookRemoveResult> {
  if (!path.isAbsolute(worktreePath)) throw new UsageError("INVALID_PAYLOAD", `worktree_path must be an absolute path, got ${JSON.stringify(worktreePath)}`);
  return withRepoLock(repo, deps, "cwt claude worktree-remove", async (waited) => removeUnlocked(worktreePath, caller, waited ? await reloadEntries(repo) : repo, config, deps));
}

async function removeUnlocked(worktreePath: string, caller: HookCaller, repo: Repo, config: Config, deps: HookDeps): Promise<HookRemoveResult> {
  const worktrees = await loadInventory(repo);
  const w = await worktreeAt(worktrees, worktreePath, deps.platform.caseInsensitivePaths);
  if (!w || w.isMain) {
    const why = w ? "it is the main checkout" : isInside(worktreePath, repo.mainRoot) ? "it is not a worktree git knows" : "it is not a worktree of this repository";
    throw new RefusedError("NOT_A_WORKTREE", `refusing to remove ${worktreePath}: ${why}`);
  }
  const [bases, sessions] = await Promise.all([
    resolveBases(repo, config, [w]),
    loadSessionStates(worktrees, deps, { pid: caller.pid, sessionId: caller.sessionId }),
  ]);
  const base = bases.get(w) ?? null;
  // The session asking stands in the worktree; that is not the "you are standing in it" refusal.
  // git's common dir lies in no linked worktree (in a bare repository mainRoot is one: the session's).
  const gathered = await removalFacts(repo, w, base, { ...deps, cwd: repo.commonDir, disposable: disposablePatterns(config) });
  const facts = { ...gathered, lock: callerLock(gathered.lock, w.entry.lockReason, caller), liveSessions: liveEvidence(sessions.get(w)) };
  const refusals = removalRefusals(facts, { force: false });
  if (refusals.length > 0) return keep(w, refusals, caller, deps);
  const outcome = decideBranch(w, worktrees, base, facts.integrated, false);
  const { journal, logs } = await beginRemovals(repo, "cwt claude worktree-remove", [{ w, outcome }], deps);
  try {
    const done = await journaled(journal, () => executeRemoval(repo, w, facts.lock, false, outcome, logs[0]));
    return { kind: "removed", name: w.name, path: w.path, ...done };
  } catch (error) {
    // git itself refused (a file appeared since the checks, a submodule): kept, and said so.
    if (error instanceof RefusedError) return keep(w, [{ code: error.code, message: error.message, override: "--force" }], caller, deps);
    throw error;
  }
}

async function keep(w: Worktree, reasons: readonly Refusal[], caller: HookCaller, deps: HookDeps): Promise<HookRemoveResult> {
  if (w.adminDir) {
    await saveKept(w.adminDir, {
      version: 1,
      keptAt: deps.now().toISOString(),
      reasons: reasons.map((r) => r.message.slice(0, 1000)),
      codes: reasons.map((r) => r.code.slice(0, 64)),
      claudeSessionId: caller.sessionId ?? null,
    });
  }
  return { kind: "kept", name: w.name, path: w.path, reasons };
}
