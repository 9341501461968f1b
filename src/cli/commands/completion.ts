import type { Command } from "commander";
import type { Deps } from "../../deps.ts";

// Declarations only: `cwt completion SHELL` prints the completion script; the script asks
// `cwt __complete` (hidden) for the ticket names of existing worktrees.
export function registerCompletion(program: Command, deps: Deps): void {
  program
    .command("completion")
    .description("print tab completion for bash, zsh or fish: commands, options, ticket names")
    .argument("<shell>", "bash, zsh or fish")
    .action(async (shell: string) => (await import("./completion.run.ts")).runCompletion(shell, program, deps));

  program
    .command("__complete", { hidden: true })
    .description("completion candidates for the completion scripts (one per line)")
    .argument("[words...]", "the command line so far")
    .allowUnknownOption(true)
    .action(async (words: string[]) => (await import("./completion.run.ts")).runComplete(words ?? [], program, deps));
}
