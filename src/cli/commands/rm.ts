import type { Command } from "commander";
import type { Deps } from "../../deps.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerRm(program: Command, deps: Deps): void {
  program
    .command("rm")
    .alias("remove")
    .description("remove a ticket's worktree, and its branch when merged into its base")
    .argument("<ticket>", "ticket name")
    .option("--force", "remove even with uncommitted, untracked or unpushed work, a lock, or a live session")
    .option("--keep-branch", "keep the branch even when it is merged")
    .option("--dry-run", "say what would happen and change nothing")
    .action(async (ticket: string, opts: Record<string, unknown>) => (await import("./rm.run.ts")).run(ticket, opts, deps));
}
