// The one catch-all: every error ends here and becomes an exit code.
import { CommanderError } from "commander";
import type { Deps } from "../deps.ts";
import { ChildExitError, CwtError, ExitCode, InterruptedError } from "../errors.ts";
import { createProgram } from "./program.ts";
import { WORKFLOW } from "./help.ts";
import { renderError } from "./render/errors.ts";

/** For `cwt launch ... -- ARGS`, everything after the first `--` belongs to Claude Code. */
export function splitLaunchArgs(argv: readonly string[]): { own: string[]; claudeArgs: string[] } {
  const dashes = argv.indexOf("--");
  if (argv[0] !== "launch" || dashes < 0) return { own: [...argv], claudeArgs: [] };
  return { own: argv.slice(0, dashes), claudeArgs: argv.slice(dashes + 1) };
}

export async function main(argv: readonly string[], deps: Deps): Promise<number> {
  if (argv.length === 0) {
    deps.stdout.write(WORKFLOW);
    return ExitCode.Ok;
  }
  const { own, claudeArgs } = splitLaunchArgs(argv);
  const program = createProgram(deps, claudeArgs);
  try {
    await program.parseAsync(own, { from: "user" });
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message. Help and version are successes; every other
      // commander error is a usage error (commander's own default would be 1).
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return ExitCode.Ok;
      // `cwt help` succeeds; help shown because no command was given is a usage error.
      if (error.code === "commander.help") return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
      return ExitCode.Usage;
    }
    if (deps.signal.aborted && !(error instanceof CwtError && error.exitCode !== ExitCode.Failure)) {
      // Whatever failed after the signal (a killed git child, say) failed because of it.
      const reason: unknown = deps.signal.reason;
      error = new InterruptedError(reason === "SIGTERM" || reason === "SIGHUP" ? reason : "SIGINT");
    }
    if (error instanceof ChildExitError) return error.exitCode; // the child already spoke
    if (error instanceof CwtError) {
      deps.stderr.write(renderError(error, deps));
      return error.exitCode;
    }
    const detail = deps.env.CWT_DEBUG === "1" && error instanceof Error ? `\n${error.stack ?? ""}` : "";
    deps.stderr.write(`cwt: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
    return ExitCode.Failure;
  }
}
