// `cwt claude guard` through commander (in-process tests, and `cwt claude guard` with other argv
// than exactly these two words). The built executable usually goes bin/cwt.js → dist/guard.cjs
// (src/cli-guard.ts) to the same runGuardHook: one decision, two ways in.
import type { Deps } from "../../deps.ts";
import { ChildExitError } from "../../errors.ts";
import { runGuardHook } from "../guard-main.ts";

export async function run(deps: Deps): Promise<void> {
  const code = await runGuardHook(deps);
  // The hook already wrote its decision (stdout) or its problem (exit 1, stderr): exit with that
  // code and add nothing (main() passes a ChildExitError's code through silently).
  if (code !== 0) throw new ChildExitError(code);
}
