// Entry point of the built executable (dist/cli.js, started by bin/cwt.js). Loads as little as
// possible: `--version` answers before anything else is imported; commands load their own code.
import type { SignalHub } from "./deps.ts";

declare const __CWT_VERSION__: string | undefined;

async function start(argv: string[]): Promise<void> {
  const { signalExitCode } = await import("./errors.ts");
  const controller = new AbortController();
  // Every git process running at once listens on this one signal: up to 8 through simple-git and 8
  // through execa (src/git/client.ts), plus a few waits. Each removes its listener when it ends,
  // so Node's leak warning at 10 is a false alarm that would land on stderr of a CI prune.
  const { EventEmitter } = await import("node:events");
  EventEmitter.setMaxListeners(64, controller.signal);
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
  // A reader that went away (`cwt list | head`) is not an error of cwt's: what would have gone
  // there is dropped, and the command finishes (a half-done `new` must not stop mid-way) with
  // its own exit code, instead of a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
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

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${typeof __CWT_VERSION__ === "string" ? __CWT_VERSION__ : "0.0.0-dev"}\n`);
} else {
  await start(argv);
}
