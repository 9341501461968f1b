import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerRm(program: Command, deps: Deps): void {
  withExamples(
    program
      .command("rm")
      .alias("remove")
      .description("remove a ticket's worktree, and its branch when merged into its base")
      .argument("<ticket>", "ticket name")
      .option("--force", "remove even with uncommitted, untracked or unpushed work, a lock, or a live session")
      .option("--keep-branch", "keep the branch even when it is merged")
      .option("--dry-run", "say what would happen and change nothing")
      .action(async (ticket: string, opts: Record<string, unknown>) => (await import("./rm.run.ts")).run(ticket, opts, deps)),
    [
      ["cwt rm PROJ-123", "remove it, and its branch if merged; refuses if work could be lost"],
      ["cwt rm PROJ-123 --dry-run", "say what would happen"],
      ["cwt rm PROJ-123 --force --keep-branch", "discard uncommitted files, keep the branch"],
    ],
  );
}
