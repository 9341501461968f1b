import type { Command } from "commander";
import type { Deps } from "../../deps.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerPath(program: Command, deps: Deps): void {
  program
    .command("path")
    .description("print the absolute path of a ticket's worktree, and nothing else")
    .argument("<ticket>", "ticket name")
    .action(async (ticket: string) => (await import("./path.run.ts")).run(ticket, deps));
}
