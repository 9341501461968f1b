// Every worktree of the repository with what cwt knows about it, whoever made it.
import { stat } from "node:fs/promises";
import path from "node:path";
import type { WorktreeEntry } from "../git/parse-worktrees.ts";
import { parseClaudeLock } from "../policy/claude-lock.ts";
import { adminCreatedAt, type KeptRecord, loadAdminDirs, loadClaudeBase, loadKept, loadRecord, type WorktreeRecord } from "./records.ts";
import type { Repo } from "./repo.ts";

/** Who made the worktree: cwt (it has a record), Claude Code (its base file or lock), or plain git. */
export type Origin = "cwt" | "claude" | "git";

export interface Worktree {
  readonly path: string;
  readonly isMain: boolean;
  /** The ticket for cwt's worktrees, otherwise the folder name. */
  readonly name: string;
  readonly entry: WorktreeEntry;
  readonly adminDir: string | undefined;
  readonly record: WorktreeRecord | undefined;
  readonly claudeBase: string | undefined;
  readonly createdAt: Date | undefined;
  readonly origin: Origin;
  /** The folder is gone (git still has the worktree's record). */
  readonly missing: boolean;
  /** Claude Code asked to remove it (WorktreeRemove hook) and cwt kept it: when and why. */
  readonly kept: KeptRecord | undefined;
}

async function folderExists(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every worktree, the main checkout first. A bare repository's own entry is not a worktree (no
 * files, nothing to list, remove or count as the main checkout): it is left out, and then no
 * worktree is the main one.
 */
export async function loadInventory(repo: Pick<Repo, "commonDir" | "entries">): Promise<Worktree[]> {
  const adminDirs = await loadAdminDirs(repo.commonDir);
  return Promise.all(
    repo.entries.flatMap((entry, index) => (entry.bare ? [] : [{ entry, isMain: index === 0 }])).map(async ({ entry, isMain }): Promise<Worktree> => {
      const adminDir = isMain ? undefined : adminDirs.get(entry.path);
      const [record, claudeBase, created, exists, kept] = await Promise.all([
        adminDir ? loadRecord(adminDir) : undefined,
        adminDir ? loadClaudeBase(adminDir) : undefined,
        adminDir ? adminCreatedAt(adminDir) : undefined,
        entry.prunableReason !== undefined ? false : folderExists(entry.path),
        adminDir ? loadKept(adminDir) : undefined,
      ]);
      const claudeLock = entry.lockReason !== undefined && parseClaudeLock(entry.lockReason) !== undefined;
      return {
        path: entry.path,
        isMain,
        name: record?.ticket ?? path.basename(entry.path),
        entry,
        adminDir,
        record,
        claudeBase,
        createdAt: record ? new Date(record.createdAt) : created,
        origin: record ? "cwt" : claudeBase !== undefined || claudeLock ? "claude" : "git",
        missing: !exists,
        kept,
      };
    }),
  );
}

/** The worktree cwt was started in, found by its git directory. */
export function currentWorktree(repo: Pick<Repo, "gitDir" | "commonDir">, worktrees: readonly Worktree[]): Worktree | undefined {
  if (repo.gitDir === repo.commonDir) return worktrees.find((w) => w.isMain);
  return worktrees.find((w) => w.adminDir !== undefined && w.adminDir === repo.gitDir);
}
