// Folders under the worktree roots that git does not know as worktrees. Compared by real path
// (a root reached through a symlink must not make every live worktree look like an orphan).
// Only cwt's and Claude Code's own folders are looked into: never a folder that holds the
// repository itself or is a checkout, where the user keeps other things (issue #12: a bare
// repository's worktrees sit beside `.bare` and the user's own folders).
import { realOrSelf } from "../io/real-path.ts";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/schema.ts";
import { isInside } from "../policy/paths.ts";
import type { Worktree } from "./inventory.ts";
import type { Repo } from "./repo.ts";
import { worktreeRootOf } from "./resolve-worktree.ts";

export interface OrphanFolder {
  readonly path: string;
  readonly name: string;
  /** How many entries it holds (0: empty). */
  readonly entries: number;
  /** It holds a `.git`, or is a git directory (a bare repository): never disposable. */
  readonly hasGit: boolean;
}

/**
 * The folders whose unknown subfolders are orphans: the worktree root and Claude Code's
 * `.claude/worktrees` (in a bare repository, every worktree's: none is the main checkout). Not a
 * root that holds the repository (`project/` around `project/.bare`, `~/src` around
 * `~/src/repo.git`, a worktreeRoot of "." or ".."): everything else in it is the user's.
 */
export function orphanRoots(repo: Pick<Repo, "mainRoot" | "commonDir" | "bare" | "entries">, config: Pick<Config, "worktreeRoot">): string[] {
  const checkouts = repo.bare ? repo.entries.filter((e) => !e.bare && e.prunableReason === undefined).map((e) => e.path) : [repo.mainRoot];
  const roots = [worktreeRootOf(repo.mainRoot, config), ...checkouts.map((c) => path.join(c, ".claude", "worktrees"))];
  return [...new Set(roots)].filter((root) => !isInside(repo.commonDir, root));
}

/** A git directory (a bare repository, a `.git` folder moved aside): HEAD, objects and refs. */
function isGitDir(entries: readonly string[]): boolean {
  return entries.includes("HEAD") && entries.includes("objects") && entries.includes("refs");
}

export async function findOrphanFolders(roots: readonly string[], worktrees: readonly Worktree[]): Promise<OrphanFolder[]> {
  const known = new Set([...worktrees.map((w) => w.path), ...(await Promise.all(worktrees.map((w) => realOrSelf(w.path))))]);
  const found: OrphanFolder[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    const names = await readdir(root).catch(() => [] as string[]);
    // A checkout, or a bare layout's folder (its `.git` names the bare repository): not cwt's folder.
    if (names.includes(".git")) continue;
    for (const name of names.sort()) {
      const folder = path.join(root, name);
      const info = await lstat(folder).catch(() => undefined);
      if (!info?.isDirectory()) continue;
      const resolved = await realOrSelf(folder);
      if (seen.has(resolved) || known.has(folder) || known.has(resolved)) continue;
      seen.add(resolved);
      if ([...known].some((k) => k.startsWith(`${resolved}${path.sep}`) || k.startsWith(`${folder}${path.sep}`))) continue;
      const entries = await readdir(folder).catch(() => [] as string[]);
      found.push({ path: folder, name, entries: entries.length, hasGit: entries.includes(".git") || isGitDir(entries) });
    }
  }
  return found;
}
