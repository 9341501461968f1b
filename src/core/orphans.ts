// Folders under the worktree roots that git does not know as worktrees. Compared by real path
// (a root reached through a symlink must not make every live worktree look like an orphan).
import { lstat, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import type { Worktree } from "./inventory.ts";

export interface OrphanFolder {
  readonly path: string;
  readonly name: string;
  /** How many entries it holds (0: empty). */
  readonly entries: number;
  /** It holds a `.git`: a checkout of some repository, never disposable. */
  readonly hasGit: boolean;
}

const real = (p: string) => realpath(p).catch(() => p);

export async function findOrphanFolders(roots: readonly string[], worktrees: readonly Worktree[]): Promise<OrphanFolder[]> {
  const known = new Set([...worktrees.map((w) => w.path), ...(await Promise.all(worktrees.map((w) => real(w.path))))]);
  const found: OrphanFolder[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const folder = path.join(root, name);
      const info = await lstat(folder).catch(() => undefined);
      if (!info?.isDirectory()) continue;
      const resolved = await real(folder);
      if (seen.has(resolved) || known.has(folder) || known.has(resolved)) continue;
      seen.add(resolved);
      if ([...known].some((k) => k.startsWith(`${resolved}${path.sep}`) || k.startsWith(`${folder}${path.sep}`))) continue;
      const entries = await readdir(folder).catch(() => [] as string[]);
      found.push({ path: folder, name, entries: entries.length, hasGit: entries.includes(".git") });
    }
  }
  return found;
}
