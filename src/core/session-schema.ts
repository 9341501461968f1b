// The fields cwt believes in Claude Code's `<config dir>/sessions/<pid>.json` (untrusted), in
// zod/mini: bundled on its own by scripts/build.mjs, since list, rm and prune read these files on
// every run. Unknown fields are allowed: Claude Code adds fields from version to version.
import * as z from "zod/mini";

export const sessionSchema = z.looseObject({
  pid: z.number().check(z.int(), z.positive()),
  cwd: z.string().check(z.minLength(1)),
  procStart: z.optional(z.union([z.string(), z.number()])),
  sessionId: z.optional(z.string()),
  kind: z.optional(z.string()),
  status: z.optional(z.string()),
});
