// Shallow clones (issue #12): git lacks the parents of the commits listed in `<common dir>/shallow`.
// A walk that reaches one of them stops early, so its count, and any "no" about ancestry, may be
// wrong: such answers are unknown, never zero and never "not merged, so delete". A walk that stays
// above the boundary is exact (a branch made in a depth-1 clone still has exactly its own commits).
import path from "node:path";
import type { Git, GitOptions } from "../git/client.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import type { Repo } from "./repo.ts";

export interface History {
  /** The clone is shallow: some commits' parents are missing. */
  readonly shallow: boolean;
  /** The commit's parents are missing (every commit, when the shallow file could not be read). */
  isBoundary(commit: string): boolean;
}

export const FULL_HISTORY: History = { shallow: false, isBoundary: () => false };

/** A walk's commit count, or "shallow" when it reached the boundary, or null when git failed. */
export type WalkCount = number | "shallow" | null;

/** The boundary commits listed in git's shallow file (one object id a line). */
export function parseShallowFile(text: string): Set<string> {
  return new Set(text.split("\n").map((l) => l.trim().toLowerCase()).filter((l) => /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(l)));
}

export function historyOf(boundary: ReadonlySet<string> | "unreadable"): History {
  if (boundary === "unreadable") return { shallow: true, isBoundary: () => true };
  return boundary.size === 0 ? FULL_HISTORY : { shallow: true, isBoundary: (c) => boundary.has(c) };
}

/** Counts `rev-list` output lines (object ids, or `<id`/`>id` with --left-right) on one side. */
export function judgeWalk(stdout: string, history: History, side?: "<" | ">"): number | "shallow" {
  let count = 0;
  let crossed = false;
  for (const line of stdout.split("\n")) {
    const id = line.trim();
    if (!id) continue;
    if (side !== undefined) {
      if (!id.startsWith(side)) continue;
      if (history.isBoundary(id.slice(1))) crossed = true;
    } else if (history.isBoundary(id)) crossed = true;
    count++;
  }
  return crossed ? "shallow" : count;
}

// One read per run: keyed by the run's git client, which every Repo of that run shares.
const loaded = new WeakMap<Git, Promise<History>>();

/** The repository's shallow boundary. A normal repository costs one failed open, no git process. */
export function loadHistory(repo: Pick<Repo, "git" | "commonDir">): Promise<History> {
  let found = loaded.get(repo.git);
  if (!found) {
    found = readBoundedText(path.join(repo.commonDir, "shallow"), 64 * 1024 * 1024).then((read) =>
      read.kind === "missing" ? FULL_HISTORY : historyOf(read.kind === "text" ? parseShallowFile(read.text) : "unreadable"),
    );
    loaded.set(repo.git, found);
  }
  return found;
}

/**
 * `git rev-list --count <revs>`, except that in a shallow clone a walk that reaches the boundary is
 * "shallow". An empty walk is exact even then (its tip is reachable from the negative side), so
 * the commit list is asked for only when there is something to list.
 */
export async function countWalk(git: Git, history: History, revs: readonly string[], options: GitOptions = {}): Promise<WalkCount> {
  const counted = await git.exec(["rev-list", "--count", ...revs], options);
  if (counted.exitCode !== 0) return null;
  const count = Number(counted.stdout.trim());
  if (!history.shallow || count === 0) return count;
  const listed = await git.exec(["rev-list", ...revs], options);
  return listed.exitCode === 0 ? judgeWalk(listed.stdout, history) : null;
}

/** Commits only in `left` and only in `right` (`rev-list --left-right left...right`), each side judged alone. */
export async function countSides(git: Git, history: History, left: string, right: string, options: GitOptions = {}): Promise<{ left: WalkCount; right: WalkCount }> {
  const range = `${left}...${right}`;
  if (!history.shallow) {
    const out = await git.exec(["rev-list", "--left-right", "--count", range], options);
    const [l, r] = out.exitCode === 0 ? out.stdout.trim().split(/\s+/).map(Number) : [];
    return { left: l ?? null, right: r ?? null };
  }
  const out = await git.exec(["rev-list", "--left-right", range], options);
  if (out.exitCode !== 0) return { left: null, right: null };
  return { left: judgeWalk(out.stdout, history, "<"), right: judgeWalk(out.stdout, history, ">") };
}
