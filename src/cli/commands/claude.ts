import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// `cwt claude ...`: the commands Claude Code itself runs as hooks, and their installer.
// Declarations only; each subcommand's work loads when it runs.
export function registerClaude(program: Command, deps: Deps): void {
  const claude = program
    .command("claude")
    .description("Claude Code integration: hooks that route its worktrees through cwt, and an edit guard");

  const worktree_create = claude
    .command("worktree-create")
    .description("WorktreeCreate hook: reads Claude Code's JSON on stdin, creates (or reopens) the worktree, prints its path")
    .action(async () => (await import("./claude-worktree.run.ts")).runCreate(deps));
  withExamples(worktree_create, [
    ["echo '{\"name\":\"bright-running-fox\"}' | cwt claude worktree-create", "what Claude Code runs for claude -w bright-running-fox"],
    ["cwt claude install-hooks", "makes Claude Code run it"],
  ]);

  const worktree_remove = claude
    .command("worktree-remove")
    .description("WorktreeRemove hook: removes the worktree only if nothing would be lost; otherwise keeps it and records why")
    .action(async () => (await import("./claude-worktree.run.ts")).runRemove(deps));
  withExamples(worktree_remove, [
    ["echo '{\"worktree_path\":\"/repo/.claude/worktrees/fox\"}' | cwt claude worktree-remove", "what Claude Code runs to remove one"],
    ["cwt list", "shows a worktree kept when Claude asked to remove it"],
  ]);

  const guard = claude
    .command("guard")
    .description("PreToolUse hook: denies an edit that lands in another checkout of this repository than the session's own")
    // A stray word in the hook's command must not become a usage error: exit 2 would block every edit.
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async () => (await import("./claude-guard.run.ts")).run(deps));
  withExamples(guard, [
    ["echo '{\"cwd\":\"/repo/.claude/worktrees/fox\",\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"/repo/a.txt\"}}' | cwt claude guard", "exit 2: another checkout"],
    ["CWT_GUARD=off claude", "a session the guard lets write anywhere"],
  ]);

  const install = claude
    .command("install-hooks")
    .description("add cwt's hooks to Claude Code's settings (default: .claude/settings.local.json of the main checkout)")
    .option("--scope <scope>", "local (.claude/settings.local.json, only you) or project (.claude/settings.json, the whole team)", "local")
    .option("--no-guard", "leave out the PreToolUse edit guard")
    .option("--dry-run", "print the resulting settings JSON; change nothing")
    .action(async (opts: Record<string, unknown>) => (await import("./claude-hooks.run.ts")).runInstall(opts, deps));
  withExamples(install, [
    ["cwt claude install-hooks", "just you: .claude/settings.local.json"],
    ["cwt claude install-hooks --dry-run", "print the resulting settings; change nothing"],
    ["cwt claude install-hooks --scope project --no-guard", "the team's settings.json, without the edit guard"],
  ]);

  const uninstall = claude
    .command("uninstall-hooks")
    .description("remove cwt's hooks from Claude Code's settings, keeping everything else")
    .option("--scope <scope>", "local or project", "local")
    .option("--dry-run", "print the resulting settings JSON; change nothing")
    .action(async (opts: Record<string, unknown>) => (await import("./claude-hooks.run.ts")).runUninstall(opts, deps));
  withExamples(uninstall, [
    ["cwt claude uninstall-hooks", "take cwt's entries out of .claude/settings.local.json"],
    ["cwt claude uninstall-hooks --scope project", "out of the team's .claude/settings.json"],
  ]);
  withExamples(claude, [
    ["cwt claude install-hooks", "route Claude Code's worktrees through cwt, guard edits"],
    ["echo '{\"name\":\"fox\"}' | cwt claude worktree-create", "what Claude Code runs to make a worktree"],
  ]);
}
