// A fresh commander tree per run: output goes through Deps, errors come back as exceptions.
import { Command } from "commander";
import type { Deps } from "../deps.ts";
import { registerClaude } from "./commands/claude.ts";
import { registerCompletion } from "./commands/completion.ts";
import { registerConfig } from "./commands/config.ts";
import { registerDoctor } from "./commands/doctor.ts";
import { registerLaunch } from "./commands/launch.ts";
import { registerList } from "./commands/list.ts";
import { registerNew } from "./commands/new.ts";
import { registerPath } from "./commands/path.ts";
import { registerPolicy } from "./commands/policy.ts";
import { registerPrune } from "./commands/prune.ts";
import { registerRm } from "./commands/rm.ts";
import { registerShell } from "./commands/shell.ts";

declare const __CWT_VERSION__: string | undefined;
export const VERSION = typeof __CWT_VERSION__ === "string" ? __CWT_VERSION__ : "0.0.0-dev";

/** `claudeArgs`: what followed `--` after `cwt launch`, passed to Claude Code verbatim. */
export function createProgram(deps: Deps, claudeArgs: readonly string[] = []): Command {
  const program = new Command("cwt")
    .description("One git worktree per ticket for parallel Claude Code sessions, without ever losing work.")
    .version(VERSION, "-V, --version")
    // cwt's own options only before a command: `cwt new -VA` is a bad ticket, never `--version`.
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
      outputError: (s, write) => write(`cwt: ${s.replace(/^error: /, "")}`),
    });
  program.addHelpText("after", "\nExit codes: 0 ok, 1 failure, 2 usage or config error, 3 refused for safety, 4 not found, 130 interrupted.");
  registerNew(program, deps);
  registerList(program, deps);
  registerPath(program, deps);
  registerRm(program, deps);
  registerPrune(program, deps);
  registerLaunch(program, deps, claudeArgs);
  registerPolicy(program, deps);
  registerDoctor(program, deps);
  registerClaude(program, deps);
  registerConfig(program, deps);
  registerShell(program, deps);
  registerCompletion(program, deps);
  for (const command of program.commands) command.exitOverride();
  return program;
}
