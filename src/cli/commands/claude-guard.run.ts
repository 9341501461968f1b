// `cwt claude guard` through commander (in-process tests, `cwt claude guard` with other argv than
// exactly these two words). The built executable usually takes src/cli.ts's fast path to the same
// runGuardHook: one decision, two ways in.
import type { Deps } from "../../deps.ts";
import { ChildExitError } from "../../errors.ts";

export async function run(deps: Deps): Promise<void> {
  // A dynamic import, as src/cli.ts's: a static one would move the guard's code out of its own
  // chunk into a shared one, and the fast path would load one file more.
  const { runGuardHook } = await import("../guard-main.ts");
  const code = await runGuardHook(deps);
  // The hook already wrote its reason (exit 2) or its problem (exit 1) on stderr: exit with that
  // code and add nothing (main() passes a ChildExitError's code through silently).
  if (code !== 0) throw new ChildExitError(code);
}
