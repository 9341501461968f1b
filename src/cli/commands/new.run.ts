import { hasControlChars } from "../../policy/text.ts";
import { z } from "zod";
import { createWorktree } from "../../core/create-worktree.ts";
import type { Deps } from "../../deps.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { renderCreated } from "../render/messages.ts";

const noControl = (v: string) => !hasControlChars(v);

const schema = z.object({
  ticket: z.string(),
  base: z.string().min(1).optional(),
  branch: z.string().min(1).optional(),
  owner: z.string().min(1).max(254).refine(noControl, "must not contain control characters").optional(),
  json: z.boolean().default(false),
});

export async function run(ticket: string, opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(schema, { ...opts, ticket });
  const { repo, config } = await openContext(deps);
  const result = await createWorktree(input, repo, config, deps);
  deps.stderr.write(renderCreated(result, deps));
  if (input.json) writeJson(deps, { path: result.path, ...result.record, copied: result.copy.copied });
  else deps.stdout.write(`${result.path}\n`);
}
