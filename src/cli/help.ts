// Help that teaches: real examples under every command's --help, and the day's workflow for
// `cwt` alone. Plain text (it goes to stdout, which may be a pipe).
import type { Command } from "commander";

/** Adds an "Examples:" block after a command's generated help. */
export function withExamples(command: Command, examples: readonly (readonly [string, string])[]): Command {
  const width = Math.max(...examples.map(([line]) => line.length));
  const text = examples.map(([line, what]) => `  ${line.padEnd(width)}  # ${what}`).join("\n");
  return command.addHelpText("after", `\nExamples:\n${text}\n`);
}

export const WORKFLOW = `cwt: one git worktree per ticket for parallel Claude Code sessions, without ever losing work.

A day with cwt:
  cwt new PROJ-123                 # worktree + branch for the ticket; prints its path
  cwt launch PROJ-123              # Claude Code inside it, after the policy check
  cwt launch PROJ-124 --new -- -p "fix the flaky test"
                                   # create and start a headless session
  cwt list                         # every worktree: changes, ahead/behind, live sessions
  cd "$(cwt path PROJ-123)"        # jump in to review (or: cwt cd PROJ-123, with cwt shell-init)
  cwt rm PROJ-123                  # when merged: worktree and branch go; otherwise cwt says why not
  cwt prune --stale 7d --merged    # the weekly clean-up; keeps anything that holds work

Once per repository:
  cwt claude install-hooks         # Claude Code's own worktrees (claude -w, subagents) go through cwt too
  cwt doctor                       # check the repository, the worktrees and Claude Code's settings

cwt --help lists every command; cwt COMMAND --help shows its options and examples.
`;
