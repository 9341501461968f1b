import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerPrune(program: Command, deps: Deps): void {
  withExamples(
    program
      .command("prune")
      .description("remove stale, merged and orphaned worktrees; keep (and say why) any that could hold work")
      .option("--stale <duration>", "worktrees idle longer than this: 30m, 12h, 7d, 2w, 1d12h")
      .option("--merged", "worktrees whose branch is merged into its base (squash merges and rebases too)")
      .option("--orphans", "folders under the worktree root that git does not know, and records whose folder is gone")
      .option("--dry-run", "print the plan; remove nothing")
      .option("--yes", "remove without asking (needed when there is no terminal, e.g. in CI)")
      .option("--force", "also remove worktrees with uncommitted files or unpushed commits, and orphan folders with files")
      .option("--json", "print the report as JSON (shape in README)")
      .action(async (opts: Record<string, unknown>) => (await import("./prune.run.ts")).run(opts, deps)),
    [
      ["cwt prune --stale 7d --merged --dry-run", "what a weekly clean-up would remove"],
      ["cwt prune --stale 7d --merged --orphans --yes --json", "unattended, in CI"],
      ["cwt prune --merged --yes", "only worktrees whose branch is merged"],
    ],
  );
}
