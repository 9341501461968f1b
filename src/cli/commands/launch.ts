import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerLaunch(program: Command, deps: Deps, claudeArgs: readonly string[]): void {
  withExamples(
    program
      .command("launch")
      .description("start Claude Code inside a ticket's worktree, after the policy check")
      .argument("[ticket]", "ticket name (default: the worktree you are in)")
      .option("--new", "create the ticket's worktree first if it has none")
      .option("--allow-main", "allow launching in the main checkout")
      .option("--dry-run", "print the command, folder and environment changes; start nothing")
      .option("--json", "with --dry-run: print the plan as JSON")
      .usage("[options] [ticket] [-- claude arguments...]")
      .action(async (ticket: string | undefined, opts: Record<string, unknown>) => (await import("./launch.run.ts")).run(ticket, opts, deps, claudeArgs)),
    [
      ["cwt launch PROJ-123", "Claude Code in the ticket's worktree"],
      ["cwt launch PROJ-124 --new", "create the worktree first"],
      ["cwt launch PROJ-123 -- -p \"run the tests\"", "headless; arguments after -- go to claude"],
    ],
  );
}
