import type { Command } from "commander";
import { loadInventory } from "../../core/inventory.ts";
import { requireWorktree } from "../../core/resolve-worktree.ts";
import type { Deps } from "../../deps.ts";
import { openContext } from "../context.ts";

export function registerPath(program: Command, deps: Deps): void {
  program
    .command("path")
    .description("print the absolute path of a ticket's worktree, and nothing else")
    .argument("<ticket>", "ticket name")
    .action(async (ticket: string) => {
      const { repo, config } = await openContext(deps);
      const worktree = requireWorktree(await loadInventory(repo), ticket, config, repo.mainRoot);
      deps.stdout.write(`${worktree.path}\n`);
    });
}
