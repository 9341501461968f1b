// Entry point of the built executable (dist/cli.js, started by bin/cwt.js).
import { main } from "./cli/main.ts";
import { createDeps, type SignalHub } from "./deps.ts";

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
    // First signal: stop at the next safe point and roll back. A second one: leave now.
    if (++interrupted > 1) process.exit(128 + (signal === "SIGTERM" ? 15 : signal === "SIGHUP" ? 1 : 2));
    controller.abort(signal);
  });
}

let cwdOk = true;
try {
  process.cwd();
} catch {
  cwdOk = false;
  process.stderr.write("cwt: the current folder no longer exists\n");
  process.exitCode = 1;
}
if (cwdOk) process.exitCode = await main(process.argv.slice(2), createDeps(controller.signal, signals));
