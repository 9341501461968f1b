// One cwt at a time changes a repository's worktrees: `new`, `rm` and `prune` hold
// `<git common dir>/cwt.lock` while they work. A holder that died is detected (its pid is gone,
// or now belongs to a process that started at another time) and its lock taken over; a live
// holder is waited for, for a bounded time, never forever.
import { stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import type { Deps } from "../deps.ts";
import { EnvironmentError, InterruptedError } from "../errors.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import type { Repo } from "./repo.ts";

export const LOCK_FILE = "cwt.lock";

interface Holder {
  pid: number;
  start: string | null;
  command: string;
  /** The machine it runs on: a cwt in a container or on another host sharing the repository is not "dead" here. */
  host?: string | undefined;
}

type LockDeps = Pick<Deps, "platform" | "env"> & Partial<Pick<Deps, "signal">>;

async function readHolder(file: string): Promise<{ text: string; holder: Holder | undefined } | undefined> {
  try {
    const read = await readBoundedText(file, 4096);
    if (read.kind === "missing") return undefined;
    const text = read.kind === "text" ? read.text : "";
    try {
      const data = JSON.parse(text) as Partial<Holder>;
      const holder = typeof data.pid === "number" ? { pid: data.pid, start: data.start ?? null, command: String(data.command ?? "cwt"), host: typeof data.host === "string" ? data.host : undefined } : undefined;
      return { text, holder };
    } catch {
      return { text, holder: undefined };
    }
  } catch {
    return undefined; // gone meanwhile
  }
}

/** A lock whose content cannot be read is mid-write for a moment at most; after 10 s it is debris. */
async function unreadableIsStale(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > 10_000;
}

function holderIsDead(holder: Holder | undefined, deps: LockDeps): boolean {
  if (!holder) return false; // unreadable content: judged by its age instead
  if (holder.host !== undefined && holder.host !== hostname()) return false; // another machine's pid means nothing here
  const liveness = deps.platform.processLiveness(holder.pid);
  if (liveness === "dead") return true;
  if (liveness !== "alive" || holder.start === null) return false;
  const start = deps.platform.processStart(holder.pid);
  return start !== undefined && start !== holder.start;
}

/**
 * Removes a dead holder's lock, but only the lock that was judged: checking and unlinking happen
 * under a second lock (`cwt.lock.takeover`), so no other cwt can put its own live lock in place
 * between the check and the unlink and lose it. A takeover lock left by a cwt that died in those
 * few milliseconds is debris after 10 s. True when it removed the dead lock (the caller then
 * tries again at once).
 */
async function takeOver(file: string, judged: string): Promise<boolean> {
  const guard = `${file}.takeover`;
  try {
    await writeFile(guard, String(process.pid), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (await unreadableIsStale(guard)) await unlink(guard).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    return false; // someone else is taking over: look again
  }
  try {
    const again = await readHolder(file);
    if (again?.text !== judged) return false;
    await unlink(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return;
      throw new EnvironmentError("REPO_LOCK_STUCK", `${file} belongs to a cwt that is gone, but cannot be removed (${error.code ?? error.message})`, {
        hint: `remove it by hand once no cwt runs: rm -r ${file}`,
      });
    });
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/** Seconds to wait for a live holder: CWT_LOCK_WAIT, default 30. */
function waitSeconds(env: Deps["env"]): number {
  const value = Number(env.CWT_LOCK_WAIT);
  return Number.isFinite(value) && value >= 0 ? value : 30;
}

/** Runs `work` holding the lock; `waited` tells it another cwt held the lock first (its view may be stale). */
export async function withRepoLock<T>(repo: Pick<Repo, "commonDir">, deps: LockDeps, command: string, work: (waited: boolean) => Promise<T>): Promise<T> {
  const file = path.join(repo.commonDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, start: deps.platform.processStart(process.pid) ?? null, command, host: hostname() };
  const deadline = Date.now() + waitSeconds(deps.env) * 1000;
  let waited = false;
  for (;;) {
    try {
      await writeFile(file, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const seen = await readHolder(file);
    if (seen && (holderIsDead(seen.holder, deps) || (!seen.holder && (await unreadableIsStale(file))))) {
      const freed = await takeOver(file, seen.text);
      if (deps.signal?.aborted) throw new InterruptedError();
      if (freed || Date.now() < deadline) continue;
    }
    if (Date.now() >= deadline) {
      const who = seen?.holder ? `${seen.holder.command} (pid ${seen.holder.pid})` : "another cwt";
      throw new EnvironmentError("REPO_BUSY", `${who} is changing this repository's worktrees; gave up waiting`, {
        hint: `try again when it has finished (CWT_LOCK_WAIT sets how many seconds to wait; the lock is ${file})`,
      });
    }
    if (deps.signal?.aborted) throw new InterruptedError();
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await work(waited);
  } finally {
    const mine = await readHolder(file);
    if (mine?.holder?.pid === me.pid) await unlink(file).catch(() => undefined);
  }
}
