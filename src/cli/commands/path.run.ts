import { loadInventory } from "../../core/inventory.ts";
import { plannedPath, requireWorktree } from "../../core/resolve-worktree.ts";
import type { Deps } from "../../deps.ts";
import { openContext } from "../context.ts";

export async function run(ticket: string, deps: Deps): Promise<void> {
  const { repo, config } = await openContext(deps);
  // Where the templates put the ticket, if a worktree is there; else every way a ticket can name one.
  const found = plannedPath(repo.entries, ticket, config, repo.mainRoot) ?? requireWorktree(await loadInventory(repo), ticket, config, repo.mainRoot).path;
  deps.stdout.write(`${found}\n`);
}
