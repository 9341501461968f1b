// Which worktrees have a live Claude Code session, and when a session was last active there.
// Live when any holds (claude-code.md §1, §8): cwt launched it and that process still runs; the
// worktree's lock names a claude process that runs; a session file has its cwd inside the worktree
// and a pid that runs. A reused pid never counts: start times are compared wherever recorded.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Deps } from "../deps.ts";
import { classifyLock, parseClaudeLock } from "../policy/claude-lock.ts";
import { isInside } from "../policy/paths.ts";
import type { Worktree } from "./inventory.ts";
import { loadLaunch, type LaunchRecord } from "./records.ts";
import { type Session, loadLiveSessions } from "./sessions.ts";
import { claudeConfigDir } from "./claude-dir.ts";

export interface SessionEvidence {
  readonly source: "lock" | "session-file" | "cwt-launch";
  readonly pid: number;
  readonly detail: string;
}

export interface SessionState {
  /** Why the worktree counts as having a live session; empty when none. */
  readonly evidence: readonly SessionEvidence[];
  /** The newest transcript for the worktree, or the last cwt launch, whichever is newer. */
  readonly lastActivity: Date | undefined;
  readonly lastLaunch: LaunchRecord | undefined;
  readonly lastTranscript: Date | undefined;
}

type SessionDeps = Pick<Deps, "env" | "platform">;

/** Claude Code's folder name for a project path under `<config dir>/projects/` (claude-code.md §7). */
export function projectDirName(cwd: string): string {
  const sanitized = cwd.replace(/[^a-zA-Z0-9]/g, "-");
  if (sanitized.length <= 200) return sanitized;
  let hash = 0;
  for (let i = 0; i < cwd.length; i++) hash = ((hash << 5) - hash + cwd.charCodeAt(i)) | 0;
  return `${sanitized.slice(0, 200)}-${Math.abs(hash).toString(36)}`;
}

async function newestTranscript(configDir: string | undefined, worktreePath: string): Promise<Date | undefined> {
  if (!configDir) return undefined;
  const dir = path.join(configDir, "projects", projectDirName(worktreePath));
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".jsonl"));
  } catch {
    return undefined;
  }
  const times = await Promise.all(names.map((n) => stat(path.join(dir, n)).then((s) => s.mtime.getTime(), () => 0)));
  const newest = Math.max(0, ...times);
  return newest > 0 ? new Date(newest) : undefined;
}

function launchIsLive(launch: LaunchRecord | undefined, deps: SessionDeps): boolean {
  if (!launch) return false;
  const liveness = deps.platform.processLiveness(launch.pid);
  if (liveness === "dead") return false;
  if (launch.procStart === null) return true;
  const start = deps.platform.processStart(launch.pid);
  return start === undefined || start === launch.procStart;
}

/** The session files that belong to `w`: cwd inside it (for the main checkout: not inside a linked worktree). */
function sessionsIn(w: Worktree, all: readonly Worktree[], sessions: readonly Session[]): Session[] {
  return sessions.filter((s) => isInside(s.cwd, w.path) && !all.some((o) => o !== w && o.path.length > w.path.length && isInside(s.cwd, o.path)));
}

/** A Claude Code session that must not count as evidence: the one asking (a hook's caller). */
export interface SessionExclusion {
  readonly pid?: number | undefined;
  readonly sessionId?: string | undefined;
}

export async function loadSessionStates(worktrees: readonly Worktree[], deps: SessionDeps, exclude: SessionExclusion = {}): Promise<Map<Worktree, SessionState>> {
  const sessions = await loadLiveSessions(deps);
  const configDir = claudeConfigDir(deps.env);
  const states = await Promise.all(
    worktrees.map(async (w): Promise<[Worktree, SessionState]> => {
      const [launch, transcript] = await Promise.all([w.adminDir ? loadLaunch(w.adminDir) : undefined, newestTranscript(configDir, w.path)]);
      const evidence: SessionEvidence[] = [];
      const lock = classifyLock(w.entry.lockReason, deps.platform);
      const lockPid = w.entry.lockReason !== undefined ? parseClaudeLock(w.entry.lockReason)?.pid : undefined;
      if ((lock === "claude-live" || lock === "claude-unknown") && lockPid !== undefined) {
        evidence.push({ source: "lock", pid: lockPid, detail: `its lock names a running claude (${w.entry.lockReason ?? ""})` });
      }
      for (const s of sessionsIn(w, worktrees, sessions)) {
        // With the caller's pid known, only that process is excluded: a resumed session keeps its
        // id, so another live process may share it. The id alone decides only without a pid.
        if (exclude.pid === undefined && exclude.sessionId !== undefined && s.sessionId === exclude.sessionId) continue;
        evidence.push({ source: "session-file", pid: s.pid, detail: `session file ${s.file}, pid ${s.pid}` });
      }
      if (launch && launchIsLive(launch, deps)) evidence.push({ source: "cwt-launch", pid: launch.pid, detail: `cwt launch started it as pid ${launch.pid}` });
      if (exclude.pid !== undefined) evidence.splice(0, evidence.length, ...evidence.filter((e) => e.pid !== exclude.pid));
      const launchedAt = launch ? new Date(launch.startedAt) : undefined;
      const lastActivity = [transcript, launchedAt].filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
      return [w, { evidence, lastActivity, lastLaunch: launch, lastTranscript: transcript }];
    }),
  );
  return new Map(states);
}
