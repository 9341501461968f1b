// The execa gateway for children that are not git (claude): an argument array, never a shell.
import { signalExitCode } from "../errors.ts";
import { execa } from "execa";
import type { Env, SignalHub } from "../deps.ts";

/** Variables that would make git inside the child act on another repository or index. */
export { GIT_DISCOVERY_VARS } from "../git/client.ts";

export interface InteractiveResult {
  /** cwt's exit code: the child's own, or 128 + the signal that killed it. */
  readonly exitCode: number;
  readonly pid: number | undefined;
}

export { signalExitCode as exitCodeForSignal } from "../errors.ts";

/**
 * Runs a child that owns the terminal: stdin, stdout and stderr inherited. It stays in cwt's
 * process group, so Ctrl-C from the terminal reaches it directly; cwt passes SIGTERM and SIGHUP
 * on (and SIGINT when there is no terminal), then waits, so it never leaves the child behind.
 */
export async function runInteractive(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: Env; signals: SignalHub; stdinIsTTY: boolean; onSpawn?: (pid: number) => Promise<void> | void },
): Promise<InteractiveResult> {
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env as Record<string, string>,
    extendEnv: false,
    stdio: "inherit",
    reject: false,
    shell: false,
    windowsHide: false,
  });
  const release = options.signals.forward((signal) => {
    // From a terminal, Ctrl-C already reached the child (same process group): passing it on would
    // make it a double Ctrl-C. Without a terminal (CI, kill -INT), cwt alone got it: pass it on.
    if (signal !== "SIGINT" || !options.stdinIsTTY) child.kill(signal);
  });
  try {
    // Recording the launch is best effort: nothing may stop cwt from waiting for its child.
    if (child.pid !== undefined) await Promise.resolve(options.onSpawn?.(child.pid)).catch(() => undefined);
    const result = await child;
    if (result.signal) return { exitCode: signalExitCode(result.signal), pid: child.pid };
    if (result.exitCode === undefined) {
      // It never started: the shells' codes for "cannot execute" and "not found".
      const code = (result as { code?: string }).code;
      return { exitCode: code === "ENOENT" ? 127 : 126, pid: undefined };
    }
    return { exitCode: result.exitCode, pid: child.pid };
  } finally {
    release();
  }
}
