import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerPolicy(program: Command, deps: Deps): void {
  const policy = program.command("policy").description("Claude Code settings policy");
  const check = policy
    .command("check")
    .description("check Claude Code's settings for a worktree (exit 3 on errors)")
    .option("--worktree <ticket>", "the ticket's worktree (default: the one you are in)")
    .option("--json", "print the report as JSON")
    .action(async (opts: Record<string, unknown>) => (await import("./policy.run.ts")).run(opts, deps));
  withExamples(check, [
    ["cwt policy check", "the worktree you are in"],
    ["cwt policy check --worktree PROJ-123 --json", "one ticket's worktree, for CI"],
  ]);
  withExamples(policy, [
    ["cwt policy check", "Claude Code's settings for the worktree you are in"],
    ["cwt policy check --worktree PROJ-123 --json", "for CI"],
  ]);
  policy.commands.forEach((c) => c.exitOverride());
}
