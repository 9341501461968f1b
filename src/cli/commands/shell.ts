import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only: `cwt shell-init SHELL` prints the shell function that makes `cwt cd` and
// `cwt new --cd` change the calling shell's folder; `cwt cd TICKET` without it prints the path.
export function registerShell(program: Command, deps: Deps): void {
  const init = program
    .command("shell-init")
    .description("print shell integration (a `cwt` function) for bash, zsh or fish: `cwt cd TICKET`, `cwt new TICKET --cd`")
    .argument("<shell>", "bash, zsh or fish")
    .action(async (shell: string) => (await import("./shell.run.ts")).runShellInit(shell, deps));
  withExamples(init, [
    ["eval \"$(cwt shell-init bash)\"", "in ~/.bashrc"],
    ["eval \"$(cwt shell-init zsh)\"", "in ~/.zshrc"],
    ["cwt shell-init fish | source", "in ~/.config/fish/config.fish"],
  ]);

  const cd = program
    .command("cd")
    .description("change into a ticket's worktree (needs shell integration: cwt shell-init)")
    .argument("<ticket>", "ticket name")
    .action(async (ticket: string) => (await import("./shell.run.ts")).runCd(ticket, deps));
  withExamples(cd, [
    ["cwt cd PROJ-123", "step into the ticket's worktree"],
    ["cwt new PROJ-124 --cd", "create it and step in"],
  ]);
}
