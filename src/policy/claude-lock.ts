// Pure: tells a lock Claude Code took for a session from a person's lock, and a dead
// session's lock from a live one (claude-code.md §1 and §10).
import type { Liveness, PlatformPort } from "../platform/port.ts";

/** Claude Code's own ownership pattern for lock reasons (2.1.330). */
const CLAUDE_LOCK = /^claude (agent|session) (.{1,255}) \(pid (\d{1,10})(?: start (.{1,255}))?\)$/;

export interface ClaudeLock {
  readonly kind: "agent" | "session";
  readonly name: string;
  readonly pid: number;
  readonly start: string | undefined;
}

export function parseClaudeLock(reason: string): ClaudeLock | undefined {
  const match = CLAUDE_LOCK.exec(reason.trim());
  if (!match) return undefined;
  return { kind: match[1] as "agent" | "session", name: match[2] ?? "", pid: Number(match[3]), start: match[4] };
}

/**
 * Whether the session that holds a Claude lock still runs. "dead" only on proof: the pid is
 * gone, or it now belongs to a process that started at another time (a reused pid). Where
 * start times cannot be compared, a running pid stays "unknown", never "dead".
 */
export function claudeLockLiveness(lock: ClaudeLock, platform: Pick<PlatformPort, "processLiveness" | "processStart">): Liveness {
  const liveness = platform.processLiveness(lock.pid);
  if (liveness !== "alive") return liveness;
  if (lock.start === undefined) return "unknown";
  const start = platform.processStart(lock.pid);
  if (start === undefined) return "unknown";
  return start === lock.start ? "alive" : "dead";
}

export type LockKind = "none" | "person" | "claude-live" | "claude-dead" | "claude-unknown";

/** Classifies a worktree's lock reason (undefined = not locked). */
export function classifyLock(reason: string | undefined, platform: Pick<PlatformPort, "processLiveness" | "processStart">): LockKind {
  if (reason === undefined) return "none";
  const lock = parseClaudeLock(reason);
  if (!lock) return "person";
  const liveness = claudeLockLiveness(lock, platform);
  return liveness === "alive" ? "claude-live" : liveness === "dead" ? "claude-dead" : "claude-unknown";
}
