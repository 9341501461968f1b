// Entry point of the built executable (dist/cli.js, started by bin/cwt.js). Loads as little as
// possible: `--version` answers before anything else is imported; commands load their own code.
import type { SignalHub } from "./deps.ts";

declare const __CWT_VERSION__: string | undefined;

async function start(argv: string[]): Promise<void> {
  const { signalExitCode } = await import("./errors.ts");
  const controller = new AbortController();
  let interrupted = 0;
  let forwardTo: ((signal: NodeJS.Signals) => void) | undefined;
  const signals: SignalHub = {
    forward(handler) {
      forwardTo = handler;
      return () => {
        if (forwardTo === handler) forwardTo = undefined;
      };
    },
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      // While a child owns the terminal (cwt launch), it decides; cwt waits for it.
      if (forwardTo) return forwardTo(signal);
      // First signal: stop at the next safe point and roll back, within 10 s (a wait that cannot
      // be aborted must not keep cwt alive). A second one: leave now.
      if (++interrupted > 1) process.exit(signalExitCode(signal));
      controller.abort(signal);
      setTimeout(() => process.exit(signalExitCode(signal)), 10_000).unref();
    });
  }
  try {
    process.cwd();
  } catch {
    process.stderr.write("cwt: the current folder no longer exists\n");
    process.exitCode = 1;
    return;
  }
  const [{ main }, { createDeps }] = await Promise.all([import("./cli/main.ts"), import("./deps.ts")]);
  process.exitCode = await main(argv, createDeps(controller.signal, signals));
}

/**
 * All of stdin, read synchronously from fd 0: `process.stdin` would build a stream (and load
 * Node's net or tty modules) for one read. "" when stdin is a terminal (a person, not a hook);
 * rejects past `limit` bytes. A non-blocking fd 0 (EAGAIN) is waited on, 2 ms at a time.
 */
async function readStdinSync(limit: number): Promise<string> {
  const { fstatSync, readSync } = await import("node:fs");
  if (fstatSync(0).isCharacterDevice()) return ""; // a terminal, or /dev/null
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - size));
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
        continue;
      }
      if (code === "EOF") break; // Windows pipes
      throw error;
    }
    if (n === 0) break;
    size += n;
    if (size > limit) throw new Error(`stdin is larger than ${limit} bytes`);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `cwt claude guard`, Claude Code's PreToolUse hook, runs before every edit: no commander, no
 * signal handling (a killed guard exits neither 0 nor 2: Claude Code lets the edit go ahead), no
 * stdio streams unless it has something to say; only the guard's own chunk. The commander route
 * (claude-guard.run.ts) calls the same runGuardHook with the full Deps.
 */
async function guard(): Promise<void> {
  const { runGuardHook, createPlatform } = await import("./cli/guard-main.ts");
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    process.stderr.write("cwt guard: the current folder no longer exists (not blocking: the edit goes ahead)\n");
    process.exitCode = 1;
    return;
  }
  process.exitCode = await runGuardHook({
    cwd,
    env: process.env,
    stderr: { write: (text) => void process.stderr.write(text), isTTY: false },
    readStdin: readStdinSync,
    platform: createPlatform(),
  });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${typeof __CWT_VERSION__ === "string" ? __CWT_VERSION__ : "0.0.0-dev"}\n`);
} else if (argv.length === 2 && argv[0] === "claude" && argv[1] === "guard") {
  await guard();
} else {
  await start(argv);
}
