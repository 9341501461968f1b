// Live Claude Code sessions, from `<claude config dir>/sessions/<pid>.json` (claude-code.md §8, §10):
// one small file per running session, removed at exit. A file whose process is gone is a crash
// leftover, not a session. Untrusted input: bounded reads, a schema, nothing else believed.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Deps } from "../deps.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import type { Liveness } from "../platform/port.ts";
import { sessionSchema } from "./session-schema.ts";
import { claudeConfigDir } from "./claude-dir.ts";


export interface Session {
  readonly pid: number;
  readonly cwd: string;
  readonly sessionId: string | undefined;
  readonly kind: string | undefined;
  readonly file: string;
  /** "alive": the pid runs and its start time matches; "unknown": it runs but cannot be compared. */
  readonly liveness: Exclude<Liveness, "dead">;
}

/** Sessions whose process still runs (or may: a start time that cannot be compared never counts as dead). */
export async function loadLiveSessions(deps: Pick<Deps, "env" | "platform">): Promise<Session[]> {
  const dir = claudeConfigDir(deps.env);
  if (!dir) return [];
  let names: string[];
  try {
    names = (await readdir(path.join(dir, "sessions"))).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const sessions = await Promise.all(
    names.map(async (name): Promise<Session | undefined> => {
      const file = path.join(dir, "sessions", name);
      const read = await readBoundedText(file, 256 * 1024);
      if (read.kind !== "text") return undefined;
      let data: unknown;
      try {
        data = JSON.parse(read.text);
      } catch {
        return undefined;
      }
      const parsed = sessionSchema.safeParse(data);
      if (!parsed.success || !path.isAbsolute(parsed.data.cwd)) return undefined;
      const { pid, cwd, procStart } = parsed.data;
      const liveness = deps.platform.processLiveness(pid);
      if (liveness === "dead") return undefined;
      let result: Session["liveness"] = "unknown";
      if (liveness === "alive" && procStart !== undefined) {
        const actual = deps.platform.processStart(pid);
        if (actual !== undefined) {
          if (actual !== String(procStart)) return undefined; // the pid was reused
          result = "alive";
        }
      }
      return { pid, cwd, sessionId: parsed.data.sessionId, kind: parsed.data.kind, file, liveness: result };
    }),
  );
  return sessions.filter((s): s is Session => s !== undefined);
}
