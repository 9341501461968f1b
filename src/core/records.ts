// Owner records: who made a worktree, for which ticket, from which base, when.
//
// Stored as `cwt.json` in the worktree's own admin folder, `<git common dir>/worktrees/<id>/`:
// every worktree of the repository can read it (the common dir is shared), nothing in any
// checkout changes, and git deletes the folder when the worktree is removed or pruned, so a
// record lives exactly as long as its worktree. Claude Code keeps CLAUDE_BASE in the same place.
import { randomUUID } from "node:crypto";
import { lstat, readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { readBoundedText } from "../io/read-bounded.ts";
import type { KeptRecord, LaunchRecord, WorktreeRecord } from "./record-schemas.ts";

/** Files in git's admin folders are untrusted too: a FIFO or a huge file must not hang cwt. */
async function readSmall(file: string): Promise<string> {
  const read = await readBoundedText(file, 64 * 1024);
  if (read.kind !== "text") throw new Error(`${file}: ${read.kind === "problem" ? read.problem : "missing"}`);
  return read.text;
}

export type { KeptRecord, LaunchRecord, WorktreeRecord } from "./record-schemas.ts";

export const RECORD_FILE = "cwt.json";

/** Reads one of cwt's JSON records; a missing, unreadable or malformed one counts as none (it is untrusted). */
async function loadValidated<T>(file: string, schemaOf: (schemas: typeof import("./record-schemas.ts")) => { safeParse(data: unknown): { success: true; data: T } | { success: false } }): Promise<T | undefined> {
  try {
    const text = await readSmall(file);
    const parsed = schemaOf(await import("./record-schemas.ts")).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function loadRecord(adminDir: string): Promise<WorktreeRecord | undefined> {
  return loadValidated(path.join(adminDir, RECORD_FILE), (s) => s.recordSchema);
}

/** Writes atomically: a reader sees the old record or the new one, never half of one. */
export async function saveRecord(adminDir: string, record: WorktreeRecord): Promise<void> {
  await writeAtomic(path.join(adminDir, RECORD_FILE), record);
}

async function writeAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

export const COPIED_FILE = "cwt-copied.json";

/**
 * The files `.worktreeinclude` copied in (path, size, mtime right after the copy). git worktree
 * remove deletes ignored files silently; a copied file changed since (an edited .env) is work.
 */
export async function saveCopied(adminDir: string, manifest: readonly CopiedEntry[]): Promise<void> {
  await writeAtomic(path.join(adminDir, COPIED_FILE), manifest);
}

/** The entries of the copied-files manifest: [] when there is none, undefined when it cannot be read. */
export async function loadCopiedManifest(adminDir: string): Promise<unknown[] | undefined> {
  try {
    const read = await readBoundedText(path.join(adminDir, COPIED_FILE), 64 * 1024 * 1024);
    if (read.kind !== "text") return [];
    const manifest: unknown = JSON.parse(read.text);
    return Array.isArray(manifest) ? manifest : [];
  } catch {
    return undefined;
  }
}

/** One copied file as cwt made it: [path, size, mtimeMs, ctimeMs] (older manifests lack the ctime). */
export type CopiedEntry = readonly [string, number, number, number?];

/**
 * Which copied files are as cwt made them and which were changed since (deleted ones are neither).
 * The ctime moves on every write and cannot be set back (`touch -r`, `cp -p` restore only the
 * mtime). undefined: the manifest exists but cannot be read, so no file counts as a copy.
 */
export async function copyStates(adminDir: string, worktree: string): Promise<{ unchanged: Set<string>; changed: Set<string> } | undefined> {
  const manifest = await loadCopiedManifest(adminDir);
  if (!manifest) return undefined;
  const unchanged = new Set<string>();
  const changed = new Set<string>();
  for (let i = 0; i < manifest.length; i += 64) {
    await Promise.all(
      manifest.slice(i, i + 64).map(async (entry: unknown) => {
        if (!Array.isArray(entry) || typeof entry[0] !== "string" || entry[0].startsWith("/") || entry[0].split("/").includes("..")) return;
        const now = await lstat(path.join(worktree, entry[0])).catch(() => undefined);
        if (now === undefined) return;
        const same = now.size === entry[1] && now.mtimeMs === entry[2] && (entry[3] === undefined || now.ctimeMs === entry[3]);
        (same ? unchanged : changed).add(entry[0]);
      }),
    );
  }
  return { unchanged, changed };
}

/** How many copied files were changed in the worktree since they were copied (deleted ones do not count). */
export async function changedCopies(adminDir: string, worktree: string): Promise<number> {
  return (await copyStates(adminDir, worktree))?.changed.size ?? 0;
}

export const LAUNCH_FILE = "cwt-launch.json";

export async function saveLaunch(adminDir: string, launch: LaunchRecord): Promise<void> {
  await writeAtomic(path.join(adminDir, LAUNCH_FILE), launch);
}

export async function loadLaunch(adminDir: string): Promise<LaunchRecord | undefined> {
  return loadValidated(path.join(adminDir, LAUNCH_FILE), (s) => s.launchSchema);
}

export const KEPT_FILE = "cwt-kept.json";

export async function saveKept(adminDir: string, kept: KeptRecord): Promise<void> {
  await writeAtomic(path.join(adminDir, KEPT_FILE), kept);
}

/** The worktree is in use again (reopened by Claude Code, or launched): Claude's old request is void. */
export async function clearKept(adminDir: string): Promise<void> {
  await unlink(path.join(adminDir, KEPT_FILE)).catch(() => undefined);
}

export async function loadKept(adminDir: string): Promise<KeptRecord | undefined> {
  return loadValidated(path.join(adminDir, KEPT_FILE), (s) => s.keptSchema);
}

/**
 * Maps each linked worktree's path to its admin folder by reading `<commonDir>/worktrees/<id>/gitdir`
 * (which holds `<worktree>/.git`). Works even when the worktree's folder is gone.
 */
export async function loadAdminDirs(commonDir: string): Promise<Map<string, string>> {
  const root = path.join(commonDir, "worktrees");
  const map = new Map<string, string>();
  let ids: string[];
  try {
    ids = await readdir(root);
  } catch {
    return map;
  }
  await Promise.all(
    ids.map(async (id) => {
      const adminDir = path.join(root, id);
      try {
        const gitdir = (await readSmall(path.join(adminDir, "gitdir"))).trim();
        map.set(path.dirname(gitdir), adminDir);
      } catch {
        // not a worktree admin folder
      }
    }),
  );
  return map;
}

/** When git made the admin folder: its `commondir` file is written once at creation. */
export async function adminCreatedAt(adminDir: string): Promise<Date | undefined> {
  try {
    return (await stat(path.join(adminDir, "commondir"))).mtime;
  } catch {
    return undefined;
  }
}

/** The base Claude Code recorded for worktrees it made (claude-code.md §1). */
export async function loadClaudeBase(adminDir: string): Promise<string | undefined> {
  try {
    const text = (await readSmall(path.join(adminDir, "CLAUDE_BASE"))).trim();
    // Untrusted: only a full object id counts (Claude Code 2.1.331 writes one). A ref name would
    // be read at its current tip, which could be the worktree's own branch: "merged" by fiat.
    return /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
