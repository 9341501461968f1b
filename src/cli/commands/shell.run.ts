import type { Deps } from "../../deps.ts";
import { UsageError } from "../../errors.ts";
import { isShell, SHELLS, shellInitScript, shellIntegrationHint } from "../render/shell-scripts.ts";
import { run as runPath } from "./path.run.ts";

/** `cwt shell-init SHELL`: the `cwt` shell function, on stdout. */
export async function runShellInit(shell: string, deps: Deps): Promise<void> {
  if (!isShell(shell)) throw new UsageError("UNKNOWN_SHELL", `unknown shell ${JSON.stringify(shell)}: cwt shell-init knows ${SHELLS.join(", ")}`);
  deps.stdout.write(shellInitScript(shell));
}

/**
 * `cwt cd TICKET`: the worktree's path on stdout, as `cwt path` prints it; the shell function
 * changes into it. Run directly (no function), also a hint on stderr: a program cannot change
 * the folder of the shell that started it.
 */
export async function runCd(ticket: string, deps: Deps): Promise<void> {
  await runPath(ticket, deps);
  const hint = shellIntegrationHint(deps.env);
  if (hint) deps.stderr.write(hint);
}
