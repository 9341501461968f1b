import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: the work (and its heavy imports) loads when the command runs.
export function registerNew(program: Command, deps: Deps): void {
  withExamples(
    program
      .command("new")
      .description("create a worktree and branch for a ticket; prints its path")
      .argument("<ticket>", "ticket name, e.g. PROJ-123")
      .option("--base <ref>", "branch, tag or commit to start from (default: config defaultBase, else the main checkout's HEAD)")
      .option("--branch <name>", "branch name instead of the branch template")
      .option("--owner <email>", "owner to record (default: git config user.email)")
      .option("--json", "print the worktree's record as JSON")
      .option("--cd", "change the shell's folder into it (needs shell integration: cwt shell-init)")
      .option("--yes", "run the repository's postCreate commands without asking (approves them; for CI)")
      .option("--no-hooks", "skip the repository's postCreate commands")
      .option("--no-submodules", "leave its submodules empty (default: filled from the main checkout's copies, config fillSubmodules)")
      .action(async (ticket: string, opts: Record<string, unknown>) => (await import("./new.run.ts")).run(ticket, opts, deps)),
    [
      ["cwt new PROJ-123", "worktree + branch worktree-PROJ-123; prints the path"],
      ["cwt new PROJ-124 --base origin/main --branch feat/PROJ-124", "another base and branch name"],
      ["cd \"$(cwt new PROJ-125)\"", "create and step in"],
    ],
  );
}
