import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerList(program: Command, deps: Deps): void {
  withExamples(
    program
      .command("list")
      .alias("ls")
      .description("show every worktree of the repository and its state")
      .option("--json", "print a JSON document (shape in README)")
      .action(async (opts: Record<string, unknown>) => (await import("./list.run.ts")).run(opts, deps)),
    [
      ["cwt list", "the table: changes, ahead/behind, sessions, locks"],
      ["cwt list --json | jq -r '.worktrees[] | select(.liveSession) | .name'", "names with a live Claude session"],
    ],
  );
}
