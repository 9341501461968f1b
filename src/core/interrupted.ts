// What a killed `cwt new` / `cwt rm` / `cwt prune` left behind (from its journal, journal.ts), and
// the repair `cwt doctor --fix` applies: an interrupted `new` is rolled back, an interrupted
// removal is finished. Both only where nothing that could be someone's work is touched: a
// half-made worktree goes only if git shows nothing in it but files not yet checked out, a
// branch only if it still points where cwt made or judged it and no worktree has it.
import { lstat, readdir, rmdir } from "node:fs/promises";
import type { Deps } from "../deps.ts";
import type { Finding } from "../policy/findings.ts";
import { classifyLock } from "../policy/claude-lock.ts";
import { loadInventory, type Worktree } from "./inventory.ts";
import { loadSessionStates } from "./live-sessions.ts";
import { adminCreatedAt, changedCopies } from "./records.ts";
import { scanContents } from "./contents.ts";
import { contentsRefusals } from "../policy/removal.ts";
import { DEFAULT_DISPOSABLE } from "../config/defaults.ts";
import { dropJournal, type Interrupted, type JournalItem, loadInterrupted } from "./journal.ts";
import { reloadEntries, type Repo } from "./repo.ts";
import { forceRefusals } from "./remove-worktree.ts";
import { releaseWorktreeConfig } from "./sparse.ts";

type Entry = { kind: "missing" } | { kind: "empty" } | { kind: "files"; count: number };

async function folderState(dir: string): Promise<Entry> {
  try {
    if (!(await lstat(dir)).isDirectory()) return { kind: "files", count: 1 };
    const names = await readdir(dir);
    return names.length === 0 ? { kind: "empty" } : { kind: "files", count: names.length };
  } catch {
    return { kind: "missing" };
  }
}

async function branchAt(repo: Repo, branch: string): Promise<string | undefined> {
  const r = await repo.git.exec(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`]);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Whether a branch other than `branch`, or a remote-tracking branch, contains `commit`. */
async function reachedElsewhere(repo: Repo, branch: string, commit: string): Promise<boolean> {
  const r = await repo.git.exec(["for-each-ref", "--format=%(refname)", "--contains", commit, "refs/heads", "refs/remotes"]);
  return r.exitCode === 0 && r.stdout.split("\n").some((ref) => ref !== "" && ref !== `refs/heads/${branch}`);
}

/**
 * Whether a worktree is exactly as a cut-short `worktree add` or `worktree remove` leaves it, and
 * nothing more: still the worktree the journal names (same admin folder, same commit), git shows
 * nothing in it but files not (or no longer) checked out, no ignored file but the ones
 * `.worktreeinclude` copied in, unchanged (for an interrupted `new`), no lock, no live session.
 * Anything else may be someone's work since: kept.
 */
async function untouched(repo: Repo, w: Worktree, item: JournalItem, startedAt: string, deps: Pick<Deps, "platform" | "env">): Promise<boolean> {
  if (item.head && w.entry.head !== item.head) return false;
  if (item.adminDir) {
    if (w.adminDir !== item.adminDir) return false;
    // A worktree made again at the same place since (same admin folder name, same commit) is not
    // the one this run was removing: that one's admin folder existed before the run began.
    if (item.op === "remove") {
      const made = await adminCreatedAt(item.adminDir);
      if (!made || made.getTime() > Date.parse(startedAt)) return false;
    }
  } else if (item.op === "new") {
    // Killed inside `worktree add`: git's admin folder must have been made by this very run.
    const made = w.adminDir ? await adminCreatedAt(w.adminDir) : undefined;
    if (!made || made.getTime() < Date.parse(startedAt) - 2000) return false;
  } else {
    return false;
  }
  if (w.entry.lockReason !== undefined && classifyLock(w.entry.lockReason, deps.platform) !== "claude-dead") return false;
  const sessions = await loadSessionStates([w], deps);
  if ((sessions.get(w)?.evidence.length ?? 0) > 0) return false;
  // The repair gives git --force, which deletes every repository inside and the .worktreeinclude
  // copies: each must hold nothing (its own files, perhaps half-deleted, are judged below).
  if ((await forceRefusals(repo, w, { ownFiles: false })).refusals.length > 0) return false;
  if (w.missing) return true;
  const status = await repo.git.exec(["status", "--porcelain=v1", "-z", "--untracked-files=all"], { cwd: w.path });
  if (status.exitCode !== 0 || !status.stdout.split("\0").filter(Boolean).every((e) => e.startsWith(" D "))) return false;
  // Judged again now, whatever was judged before the run began: someone may have kept working
  // there since (ignored notes, a nested repository). A cut-short `new` made no ignored file but
  // its unchanged copies; a cut-short removal may leave the built-in disposable ones.
  const contents = await scanContents(repo.git, {
    root: w.path,
    adminDir: w.adminDir,
    commonDir: repo.commonDir,
    untracked: [],
    disposable: item.op === "remove" ? DEFAULT_DISPOSABLE : [],
  });
  return contentsRefusals(contents).length === 0 && (!w.adminDir || (await changedCopies(w.adminDir, w.path)) === 0);
}

interface Leftover {
  readonly what: string;
  readonly repair: ((repo: Repo) => Promise<string>) | undefined;
}

async function leftoversOf(repo: Repo, item: JournalItem, worktrees: readonly Worktree[], startedAt: string, deps: Pick<Deps, "platform" | "env">): Promise<Leftover[]> {
  const found: Leftover[] = [];
  const w = worktrees.find((x) => !x.isMain && x.path === item.path);
  const folder = await folderState(item.path);
  const branchOf = (): { branch: string; at: string } | null =>
    item.op === "new" ? (item.branchCreatedAt ? { branch: item.branch, at: item.branchCreatedAt } : null) : item.deleteBranch ? { branch: item.deleteBranch.branch, at: item.deleteBranch.head } : null;
  if (w) {
    const half = item.op === "new" ? "a half-made worktree" : "a worktree whose removal was cut short";
    if (item.op === "remove" && !item.removeStarted) {
      found.push({ what: `the worktree ${item.path}, untouched (its removal had not started)`, repair: undefined });
    } else if (item.op === "new" && !item.addStarted) {
      found.push({ what: `the worktree ${item.path}, which this run did not make: kept as it is`, repair: undefined });
    } else if (await untouched(repo, w, item, startedAt, deps)) {
      found.push({
        what: `${half} at ${item.path}${folder.kind === "missing" ? " (its folder is gone)" : ""}`,
        repair: async (r) => {
          await r.git.run(["worktree", "remove", "--force", item.path]);
          return `removed ${half} at ${item.path}`;
        },
      });
    } else {
      found.push({ what: `the worktree ${item.path}, which has changed or is in use since: kept as it is`, repair: undefined });
    }
  } else if (folder.kind === "empty" && item.op === "new" && item.folderMade) {
    found.push({
      what: `the empty folder ${item.path}`,
      repair: async () => {
        await rmdir(item.path);
        return `removed the empty folder ${item.path}`;
      },
    });
  } else if (folder.kind === "files" && item.op === "new") {
    found.push({ what: `the folder ${item.path} with ${folder.count} entr${folder.count === 1 ? "y" : "ies"} git does not know: kept (look inside)`, repair: undefined });
  }
  const branch = branchOf();
  if (branch && (await branchAt(repo, branch.branch)) === branch.at) {
    const inUse = worktrees.some((x) => x.entry.branch === branch.branch && x.path !== item.path);
    const why = item.op === "new" ? "made by it, still at its base" : "merged, to be deleted with the worktree";
    found.push({
      what: `the branch ${branch.branch} (${why})${inUse ? ", now checked out elsewhere: kept" : ""}`,
      repair: inUse
        ? undefined
        : async (r) => {
            // Compare-and-swap: only if it still points where the journal says, and only while no
            // worktree has it checked out (update-ref would not check that).
            const still = (await reloadEntries(r)).entries.some((x) => x.branch === branch.branch);
            if (still) return `kept the branch ${branch.branch}: a worktree has it checked out`;
            // A removal's "merged" was judged before it was cut short; the merge may have been undone
            // since. Now its commit must still be on another branch or a remote-tracking branch.
            if (item.op === "remove" && !(await reachedElsewhere(r, branch.branch, branch.at))) {
              return `kept the branch ${branch.branch}: its commit ${branch.at.slice(0, 12)} is no longer on any other branch`;
            }
            const done = await r.git.exec(["update-ref", "-d", `refs/heads/${branch.branch}`, branch.at]);
            return done.exitCode === 0 ? `deleted the branch ${branch.branch}` : `kept the branch ${branch.branch}: it moved`;
          },
    });
  }
  return found;
}

function describe(op: Interrupted): string {
  return `${op.command} was interrupted${op.pid > 0 ? ` (pid ${op.pid}, started ${op.startedAt})` : ""}`;
}

/** One finding per interrupted command, naming exactly what it left. */
export async function interruptedFindings(repo: Repo, deps: Pick<Deps, "platform" | "env">): Promise<Finding[]> {
  const ops = await loadInterrupted(repo.commonDir, deps);
  if (ops.length === 0) return [];
  const worktrees = await loadInventory(repo);
  const findings: Finding[] = [];
  for (const op of ops) {
    const left = (await Promise.all(op.items.map((item) => leftoversOf(repo, item, worktrees, op.startedAt, deps)))).flat();
    const repairable = left.some((l) => l.repair);
    findings.push({
      id: "interrupted-operation",
      severity: "warning",
      file: op.file,
      message: `${describe(op)}; ${left.length === 0 ? "it left nothing behind" : `it left: ${left.map((l) => l.what).join("; ")}`}`,
      fix: repairable ? "cwt doctor --fix rolls back an interrupted cwt new and finishes an interrupted removal" : "cwt doctor --fix forgets it (nothing to repair)",
    });
  }
  return findings;
}

/** `cwt doctor --fix`: repairs what each interrupted command left, then forgets the command. */
export async function repairInterrupted(repo: Repo, deps: Pick<Deps, "platform" | "env">): Promise<{ path: string; message: string }[]> {
  const done: { path: string; message: string }[] = [];
  for (const op of await loadInterrupted(repo.commonDir, deps)) {
    let failed = false;
    for (const item of op.items) {
      const worktrees = await loadInventory(await reloadEntries(repo));
      for (const left of await leftoversOf(repo, item, worktrees, op.startedAt, deps)) {
        if (!left.repair) continue;
        try {
          done.push({ path: item.path, message: `${describe(op)}: ${await left.repair(repo)}` });
        } catch (error) {
          failed = true;
          done.push({ path: item.path, message: `${describe(op)}: could not repair ${left.what}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` });
        }
      }
    }
    if (!failed) await dropJournal(op.file); // a repair that failed is reported again next time
    if (op.items.length === 0) done.push({ path: op.file, message: `${describe(op)}: forgot its unreadable journal` });
  }
  await releaseWorktreeConfig(repo); // a worktree went above, or a killed removal went before its own release
  return done;
}
