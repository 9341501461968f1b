import type { Command } from "commander";
import { z } from "zod";
import { removeWorktree } from "../../core/remove-worktree.ts";
import type { Deps } from "../../deps.ts";
import { openContext, parseOptions } from "../context.ts";
import { renderRemoved } from "../render/messages.ts";

const schema = z.object({
  ticket: z.string(),
  force: z.boolean().default(false),
  keepBranch: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});

export function registerRm(program: Command, deps: Deps): void {
  program
    .command("rm")
    .alias("remove")
    .description("remove a ticket's worktree, and its branch when merged into its base")
    .argument("<ticket>", "ticket name")
    .option("--force", "remove even with uncommitted, untracked or unpushed work, a lock, or a live session")
    .option("--keep-branch", "keep the branch even when it is merged")
    .option("--dry-run", "say what would happen and change nothing")
    .action(async (ticket: string, opts: Record<string, unknown>) => {
      const input = parseOptions(schema, { ...opts, ticket });
      const { repo, config } = await openContext(deps);
      const result = await removeWorktree(input, repo, config, deps);
      deps.stderr.write(renderRemoved(result, deps));
    });
}
