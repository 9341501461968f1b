// Option schemas of the commands the benchmark times (new, list, rm, prune), in zod/mini: bundled
// on its own by scripts/build.mjs, a few KB where full zod's core is hundreds of KB to load on
// every run. The other commands keep full zod; both answer parseOptions the same way.
import * as z from "zod/mini";
import { hasControlChars } from "../policy/text.ts";

const flag = (value: boolean) => z._default(z.boolean(), value);
const nonEmpty = () => z.string().check(z.minLength(1));

export const newOptions = z.object({
  ticket: z.string(),
  base: z.optional(nonEmpty()),
  branch: z.optional(nonEmpty()),
  owner: z.optional(nonEmpty().check(z.maxLength(254), z.refine((v) => !hasControlChars(v), "must not contain control characters"))),
  json: flag(false),
  yes: flag(false),
  hooks: flag(true),
  cd: flag(false),
  // commander's --no-submodules: false when given; absent means "as configured".
  submodules: z.optional(z.boolean()),
});

export const listOptions = z.object({ json: flag(false) });

export const rmOptions = z.object({
  ticket: z.string(),
  force: flag(false),
  keepBranch: flag(false),
  dryRun: flag(false),
});

export const pruneOptions = z.object({
  stale: z.optional(z.string()),
  merged: flag(false),
  orphans: flag(false),
  dryRun: flag(false),
  yes: flag(false),
  force: flag(false),
  json: flag(false),
});
