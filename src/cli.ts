// Entry point of the built executable (dist/cli.js, started by bin/cwt.js).
import { main } from "./cli/main.ts";
import { createDeps } from "./deps.ts";

const controller = new AbortController();
let interrupted = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
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
if (cwdOk) process.exitCode = await main(process.argv.slice(2), createDeps(controller.signal));
