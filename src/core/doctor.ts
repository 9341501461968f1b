// `cwt doctor`: the policy for every worktree, plus the repository states that Claude Code's
// worktree troubleshooting worries about. Reports only; never changes anything.
import { stat } from "node:fs/promises";
import path from "node:path";
import type { LoadedConfig } from "../config/load.ts";
import type { Deps } from "../deps.ts";
import type { HookFinding, ScopeHooks } from "../policy/claude-hooks.ts";
import { classifyLock } from "../policy/claude-lock.ts";
import { type Finding, sortFindings } from "../policy/findings.ts";
import { isInside } from "../policy/paths.ts";
import { checkPolicy, type PolicyReport } from "./check-policy.ts";
import { inspectHooks } from "./claude-hooks.ts";
import { findExecutable } from "./find-executable.ts";
import { inspectRoot } from "./fs-safety.ts";
import { claudeCommand } from "./claude-command.ts";
import { loadInventory, type Worktree } from "./inventory.ts";
import { type Repo, reloadEntries, repositoryPath, requireSupportedGit } from "./repo.ts";
import { worktreeRootOf } from "./resolve-worktree.ts";
import { findOrphanFolders, orphanRoots } from "./orphans.ts";
import { interruptedFindings, repairInterrupted } from "./interrupted.ts";
import { loadLiveSessions } from "./sessions.ts";

/** A repository finding; cwt's Claude Code hooks also report, as "info", that they are fine. */
export type DoctorFinding = Finding | HookFinding;

export interface DoctorReport {
  readonly repository: string;
  readonly git: string;
  readonly claude: string | null;
  /** Findings about the repository as a whole: errors, then warnings, then info. */
  readonly findings: readonly DoctorFinding[];
  /** cwt's hooks in Claude Code's settings: local and project (main checkout) and user scope. */
  readonly claudeHooks: { readonly scopes: readonly ScopeHooks[] };
  readonly worktrees: readonly (PolicyReport & { readonly name: string; readonly main: boolean })[];
}

type DoctorDeps = Pick<Deps, "env" | "platform" | "now">;

const RANK: Readonly<Record<DoctorFinding["severity"], number>> = { error: 0, warning: 1, info: 2 };

async function rootFindings(repo: Repo, root: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (!isInside(root, repo.mainRoot) || root === repo.mainRoot) return findings;
  const state = await inspectRoot(repo.mainRoot, root);
  if (state.kind === "missing") return findings; // no worktree root yet: nothing to ignore
  if (state.kind === "symlink") {
    findings.push({
      id: "worktree-root-symlink",
      severity: "error",
      file: state.at,
      message: `${path.relative(repo.mainRoot, state.at)} is a symlink: worktrees made through it land outside the repository`,
      fix: `replace ${state.at} with a real folder`,
    });
    return findings;
  }
  const rel = path.relative(repo.mainRoot, root).split(path.sep).join("/");
  const ignored = await repo.git.exec(["check-ignore", "-q", "--no-index", "--", `${rel}/probe`], { cwd: repo.mainRoot });
  if (ignored.exitCode === 1) {
    findings.push({
      id: "worktree-root-not-ignored",
      severity: "warning",
      file: root,
      message: `${rel}/ is not ignored by git: the main checkout shows the worktrees as untracked files`,
      fix: `add /${rel}/ to .git/info/exclude (cwt new does this)`,
    });
  }
  return findings;
}

async function orphanFindings(roots: readonly string[], worktrees: readonly Worktree[]): Promise<Finding[]> {
  return (await findOrphanFolders(roots, worktrees)).map((o) => ({
    id: "orphan-folder",
    severity: "warning" as const,
    file: o.path,
    message:
      o.entries === 0
        ? "an empty folder that git does not know as a worktree"
        : `a folder git does not know as a worktree, holding ${o.entries} entr${o.entries === 1 ? "y" : "ies"}${o.hasGit ? " (a checkout: it has a .git)" : ""}`,
    fix: o.entries === 0 ? `rmdir ${o.path}, or cwt prune --orphans` : "look inside before removing it: it may hold the only copy of someone's work",
  }));
}

async function worktreeStateFindings(w: Worktree, deps: DoctorDeps): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (w.missing) {
    findings.push({
      id: "worktree-folder-missing",
      severity: "warning",
      file: w.path,
      message: `git still records the worktree ${w.name}, but its folder is gone`,
      fix: `cwt rm ${w.name} (keeps its branch unless merged), or git worktree prune`,
    });
  }
  if (classifyLock(w.entry.lockReason, deps.platform) === "claude-dead") {
    findings.push({
      id: "stale-claude-lock",
      severity: "warning",
      file: w.path,
      message: `locked by a Claude Code session that is no longer running (${w.entry.lockReason ?? ""})`,
      fix: `git worktree unlock ${w.path}`,
    });
  }
  if (!w.isMain && !w.missing) {
    const mode = (await stat(w.path).catch(() => undefined))?.mode;
    if (mode !== undefined && (mode & 0o077) !== 0) {
      findings.push({
        id: "worktree-readable-by-others",
        severity: "warning",
        file: w.path,
        message: `the worktree folder is open to other users (mode ${(mode & 0o777).toString(8)})`,
        fix: `chmod 700 ${w.path}`,
      });
    }
  }
  return findings;
}

export async function runDoctor(repo: Repo, loaded: LoadedConfig, deps: DoctorDeps): Promise<DoctorReport> {
  const worktrees = await loadInventory(repo);
  const root = worktreeRootOf(repo.mainRoot, loaded.config);
  const claudeRoot = path.join(repo.mainRoot, ".claude", "worktrees");
  const [claude, sessions, rootIssues, orphans, policies, hooks, interrupted] = await Promise.all([
    findExecutable(claudeCommand(deps.env, loaded.config.claudeCommand)[0] ?? "claude", deps.env),
    loadLiveSessions(deps),
    Promise.all([root, claudeRoot].filter((r, i, all) => all.indexOf(r) === i).map((r) => rootFindings(repo, r))),
    orphanFindings(orphanRoots(repo, loaded.config), worktrees),
    Promise.all(worktrees.filter((w) => !w.missing).map((w) => checkPolicy(repo, loaded, w.path, deps))),
    inspectHooks(repo, deps),
    interruptedFindings(repo, deps),
  ]);
  const findings: Finding[] = [...interrupted, ...rootIssues.flat(), ...orphans];
  if (!claude) {
    findings.push({
      id: "claude-not-found",
      severity: "warning",
      message: `${claudeCommand(deps.env, loaded.config.claudeCommand)[0] ?? "claude"} is not on PATH`,
      fix: "install Claude Code (npm install -g @anthropic-ai/claude-code), or set CWT_CLAUDE to its path",
    });
  }
  const linked = worktrees.filter((w) => !w.isMain);
  if (linked.length > 0) {
    for (const s of sessions) {
      if (isInside(s.cwd, repo.mainRoot) && !linked.some((w) => isInside(s.cwd, w.path))) {
        findings.push({
          id: "session-in-main-checkout",
          severity: "warning",
          file: s.file,
          message: `a Claude Code session (pid ${s.pid}) is running in the main checkout (${s.cwd}) while ${linked.length} worktree${linked.length === 1 ? "" : "s"} exist: its edits land in the shared checkout`,
          fix: "run it inside a worktree instead: cwt launch TICKET",
        });
      }
    }
  }
  const stateFindings = await Promise.all(worktrees.map((w) => worktreeStateFindings(w, deps)));
  const byPath = new Map(policies.map((p) => [p.worktree, p]));
  return {
    repository: repositoryPath(repo),
    git: await requireSupportedGit(repo.git),
    claude: claude ?? null,
    findings: [...sortFindings(findings), ...hooks.findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]),
    claudeHooks: { scopes: hooks.scopes },
    worktrees: worktrees.map((w, i) => {
      const policy = byPath.get(w.path);
      return {
        name: w.name,
        main: w.isMain,
        worktree: w.path,
        bgIsolation: policy?.bgIsolation ?? { value: "worktree", source: null },
        sources: policy?.sources ?? [],
        findings: sortFindings([...(stateFindings[i] ?? []), ...(policy?.findings ?? [])]),
      };
    }),
  };
}

export interface Fix {
  readonly id: string;
  readonly path: string;
  readonly message: string;
}

/**
 * `cwt doctor --fix`: repairs only what is provably safe to repair: what a killed cwt command left
 * (journal.ts: rolled back or finished), and a lock Claude Code left for a process that is gone
 * (never a lock a person set, never a live session's).
 */
export async function fixRepository(repo: Repo, deps: Pick<Deps, "platform" | "env">): Promise<Fix[]> {
  const fixes: Fix[] = (await repairInterrupted(repo, deps)).map((r) => ({ id: "interrupted-operation", ...r }));
  if (fixes.length > 0) repo = await reloadEntries(repo);
  for (const w of await loadInventory(repo)) {
    if (classifyLock(w.entry.lockReason, deps.platform) !== "claude-dead") continue;
    await repo.git.run(["worktree", "unlock", w.path]);
    fixes.push({ id: "stale-claude-lock", path: w.path, message: `released the lock of a Claude Code session that is no longer running (${w.entry.lockReason ?? ""})` });
  }
  return fixes;
}
