import type { Command } from "commander";
import type { Deps } from "../../deps.ts";

// `cwt claude ...`: the commands Claude Code itself runs as hooks, and their installer.
// Declarations only; each subcommand's work loads when it runs.
export function registerClaude(program: Command, deps: Deps): void {
  const claude = program
    .command("claude")
    .description("Claude Code integration: hooks that route its worktrees through cwt, and an edit guard");

  claude
    .command("worktree-create")
    .description("WorktreeCreate hook: reads Claude Code's JSON on stdin, creates (or reopens) the worktree, prints its path")
    .action(async () => (await import("./claude-worktree.run.ts")).runCreate(deps));

  claude
    .command("worktree-remove")
    .description("WorktreeRemove hook: removes the worktree only if nothing would be lost; otherwise keeps it and records why")
    .action(async () => (await import("./claude-worktree.run.ts")).runRemove(deps));

  claude
    .command("guard")
    .description("PreToolUse hook: denies an edit that lands in another checkout of this repository than the session's own")
    // A stray word in the hook's command must not become a usage error: exit 2 would block every edit.
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async () => (await import("./claude-guard.run.ts")).run(deps));

  claude
    .command("install-hooks")
    .description("add cwt's hooks to Claude Code's settings (default: .claude/settings.local.json of the main checkout)")
    .option("--scope <scope>", "local (.claude/settings.local.json, only you) or project (.claude/settings.json, the whole team)", "local")
    .option("--no-guard", "leave out the PreToolUse edit guard")
    .option("--dry-run", "print the resulting settings JSON; change nothing")
    .action(async (opts: Record<string, unknown>) => (await import("./claude-hooks.run.ts")).runInstall(opts, deps));

  claude
    .command("uninstall-hooks")
    .description("remove cwt's hooks from Claude Code's settings, keeping everything else")
    .option("--scope <scope>", "local or project", "local")
    .option("--dry-run", "print the resulting settings JSON; change nothing")
    .action(async (opts: Record<string, unknown>) => (await import("./claude-hooks.run.ts")).runUninstall(opts, deps));
}
