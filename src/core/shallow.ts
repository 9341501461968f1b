// Shallow clones (issue #12): git lacks the parents of the commits listed in `<common dir>/shallow`.
// A walk that reaches a commit without parents may be wrong: the boundary commit's missing parents
// are not counted, and a root fetched through another branch may sit below the boundary of the
// other side, in history git cannot see. Such a walk is unknown, never zero and never "not merged,
// so delete". A walk that stays above them is exact (a branch made in a depth-1 clone still has
// exactly its own commits).
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Git, GitOptions } from "../git/client.ts";
import type { Repo } from "./repo.ts";

export interface History {
  /** The clone is shallow: some commits' parents are missing. */
  readonly shallow: boolean;
}

export const FULL_HISTORY: History = { shallow: false };
const SHALLOW: History = { shallow: true };

/** A walk's commit count, or "shallow" when it reached a commit without parents in a shallow clone, or null when git failed. */
export type WalkCount = number | "shallow" | null;

/**
 * Counts `rev-list --parents` output lines (`id parent…`, prefixed `<`/`>` with --left-right) on
 * one side; a listed commit without parents makes the walk "shallow".
 */
export function judgeWalk(stdout: string, side?: "<" | ">"): number | "shallow" {
  let count = 0;
  let parentless = false;
  for (const line of stdout.split("\n")) {
    const ids = line.trim();
    if (!ids || (side !== undefined && !ids.startsWith(side))) continue;
    if (!ids.includes(" ")) parentless = true;
    count++;
  }
  return parentless ? "shallow" : count;
}

// One look per run: keyed by the run's git client, which every Repo of that run shares.
const loaded = new WeakMap<Git, Promise<History>>();

/** Whether the repository is a shallow clone: one stat of git's shallow file, no git process. */
export function loadHistory(repo: Pick<Repo, "git" | "commonDir">): Promise<History> {
  let found = loaded.get(repo.git);
  if (!found) {
    // Unreadable counts as shallow: an unknown fact refuses like a bad one.
    found = stat(path.join(repo.commonDir, "shallow")).then(
      (s) => (s.size > 0 ? SHALLOW : FULL_HISTORY),
      (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? FULL_HISTORY : SHALLOW),
    );
    loaded.set(repo.git, found);
  }
  return found;
}

/**
 * `git rev-list --count <revs>`, except that in a shallow clone a walk that reaches a commit
 * without parents is "shallow". An empty walk is exact even then (its tip is reachable from the
 * negative side through parents git has), so the commits are listed only when there are some.
 */
export async function countWalk(git: Git, history: History, revs: readonly string[], options: GitOptions = {}): Promise<WalkCount> {
  const counted = await git.exec(["rev-list", "--count", ...revs], options);
  if (counted.exitCode !== 0) return null;
  const count = Number(counted.stdout.trim());
  if (!history.shallow || count === 0) return count;
  const listed = await git.exec(["rev-list", "--parents", ...revs], options);
  return listed.exitCode === 0 ? judgeWalk(listed.stdout) : null;
}

/** Commits only in `left` and only in `right` (`rev-list --left-right left...right`), each side judged alone. */
export async function countSides(git: Git, history: History, left: string, right: string, options: GitOptions = {}): Promise<{ left: WalkCount; right: WalkCount }> {
  const range = `${left}...${right}`;
  if (!history.shallow) {
    const out = await git.exec(["rev-list", "--left-right", "--count", range], options);
    const [l, r] = out.exitCode === 0 ? out.stdout.trim().split(/\s+/).map(Number) : [];
    return { left: l ?? null, right: r ?? null };
  }
  const out = await git.exec(["rev-list", "--left-right", "--parents", range], options);
  if (out.exitCode !== 0) return { left: null, right: null };
  return { left: judgeWalk(out.stdout, "<"), right: judgeWalk(out.stdout, ">") };
}
