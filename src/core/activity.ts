// Last activity of a worktree: the newest of its branch's newest commit, the newest change to a
// modified or untracked file, the last cwt launch, the newest Claude Code transcript, and its creation.
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git/client.ts";
import type { Worktree } from "./inventory.ts";
import type { SessionState } from "./live-sessions.ts";

export type ActivitySource = "commit" | "files" | "launch" | "transcript" | "created";

export interface Activity {
  readonly at: Date;
  readonly source: ActivitySource;
}

/** Committer times of many commits in one git call. */
export async function commitTimes(git: Git, commits: readonly string[]): Promise<Map<string, Date>> {
  const unique = [...new Set(commits)];
  const times = new Map<string, Date>();
  if (unique.length === 0) return times;
  const out = await git.exec(["show", "-s", "--format=%H %ct", ...unique, "--"]);
  for (const line of out.stdout.split("\n")) {
    const [sha, seconds] = line.split(" ");
    if (sha && seconds) times.set(sha, new Date(Number(seconds) * 1000));
  }
  return times;
}

/** The newest modification time among `paths` (relative to `root`); deleted files are skipped. */
export async function newestChange(root: string, paths: readonly string[]): Promise<Date | undefined> {
  let newest = 0;
  for (let i = 0; i < paths.length; i += 64) {
    const times = await Promise.all(paths.slice(i, i + 64).map((p) => stat(path.join(root, p)).then((s) => s.mtimeMs, () => 0)));
    newest = Math.max(newest, ...times);
  }
  return newest > 0 ? new Date(newest) : undefined;
}

export function lastActivity(
  w: Worktree,
  parts: { commit: Date | undefined; files: Date | undefined; session: SessionState | undefined },
): Activity | undefined {
  const launch = parts.session?.lastLaunch ? new Date(parts.session.lastLaunch.startedAt) : undefined;
  const candidates: [Date | undefined, ActivitySource][] = [
    [parts.commit, "commit"],
    [parts.files, "files"],
    [launch, "launch"],
    [parts.session?.lastTranscript, "transcript"],
    [w.createdAt, "created"],
  ];
  let best: Activity | undefined;
  for (const [at, source] of candidates) {
    if (at && !Number.isNaN(at.getTime()) && (!best || at > best.at)) best = { at, source };
  }
  return best;
}
