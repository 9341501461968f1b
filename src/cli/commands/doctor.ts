import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerDoctor(program: Command, deps: Deps): void {
  withExamples(
    program
      .command("doctor")
      .description("check the repository, every worktree and Claude Code's settings (exit 3 on errors)")
      .option("--fix", "release locks that Claude Code left for processes that are gone, then report")
      .option("--json", "print the report as JSON (shape in README)")
      .action(async (opts: Record<string, unknown>) => (await import("./doctor.run.ts")).run(opts, deps)),
    [
      ["cwt doctor", "repository, worktrees, settings, hooks"],
      ["cwt doctor --fix", "release locks left by Claude sessions that are gone"],
      ["cwt doctor --json | jq '.findings'", "for scripts"],
    ],
  );
}
