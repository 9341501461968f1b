import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerPath(program: Command, deps: Deps): void {
  withExamples(
    program
      .command("path")
      .description("print the absolute path of a ticket's worktree, and nothing else")
      .argument("<ticket>", "ticket name")
      .action(async (ticket: string) => (await import("./path.run.ts")).run(ticket, deps)),
    [
      ["cd \"$(cwt path PROJ-123)\"", "jump into a ticket's worktree"],
      ["code \"$(cwt path PROJ-123)\"", "open it in an editor"],
    ],
  );
}
