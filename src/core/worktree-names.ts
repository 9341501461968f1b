// The names of a repository's linked worktrees, for tab completion: one `git worktree list`
// (with the rev-parse openRepo runs beside it) and the owner records, nothing slower.
import { hasControlChars } from "../policy/text.ts";
import type { Deps } from "../deps.ts";
import { loadInventory } from "./inventory.ts";
import { openRepo } from "./repo.ts";

export interface WorktreeName {
  /** What a ticket argument accepts for it: the ticket of cwt's worktrees, else the folder name. */
  readonly name: string;
  readonly branch: string | undefined;
  readonly path: string;
  /** The folder is gone (git still lists the worktree). */
  readonly missing: boolean;
}

/** Every linked worktree's name (not the main checkout), in git's order; throws outside a repository. */
export async function listWorktreeNames(deps: Pick<Deps, "cwd" | "env" | "signal">): Promise<WorktreeName[]> {
  const repo = await openRepo(deps);
  const worktrees = await loadInventory(repo);
  return worktrees
    .filter((w) => !w.isMain && !hasControlChars(w.name))
    .map((w) => ({ name: w.name, branch: w.entry.branch, path: w.path, missing: w.missing }));
}
