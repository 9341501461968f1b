import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: `cwt completion SHELL` prints the completion script; the script asks
// `cwt __complete` (hidden) for the ticket names of existing worktrees.
export function registerCompletion(program: Command, deps: Deps): void {
  const completion = program
    .command("completion")
    .description("print tab completion for bash, zsh or fish: commands, options, ticket names")
    .argument("<shell>", "bash, zsh or fish")
    .action(async (shell: string) => (await import("./completion.run.ts")).runCompletion(shell, program, deps));
  withExamples(completion, [
    ["eval \"$(cwt completion bash)\"", "in ~/.bashrc"],
    ["eval \"$(cwt completion zsh)\"", "in ~/.zshrc, after compinit"],
    ["cwt completion fish > ~/.config/fish/completions/cwt.fish", "fish loads it by itself"],
  ]);

  program
    .command("__complete", { hidden: true })
    .description("completion candidates for the completion scripts (one per line)")
    .argument("[words...]", "the command line so far")
    .allowUnknownOption(true)
    .action(async (words: string[]) => (await import("./completion.run.ts")).runComplete(words ?? [], program, deps));
}
