import { Chalk } from "chalk";
import type { Deps } from "../../deps.ts";
import { type CwtError, GitCommandError } from "../../errors.ts";
import { printable } from "./printable.ts";

/** `cwt: <message>` on one line; a refusal's hint (the overriding flag) on a second. */
export function renderError(error: CwtError, deps: Pick<Deps, "colorLevel" | "env">): string {
  const c = new Chalk({ level: deps.colorLevel });
  let text = `${c.red("cwt:")} ${printable(error.message)}\n`;
  if (error.hint) text += `${c.dim("hint:")} ${printable(error.hint)}\n`;
  if (error instanceof GitCommandError && deps.env.CWT_DEBUG === "1") {
    text += error.stderr.replace(/^/gm, "  ");
  }
  return text;
}
