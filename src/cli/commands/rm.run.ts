import { z } from "zod";
import { removeWorktree } from "../../core/remove-worktree.ts";
import type { Deps } from "../../deps.ts";
import { openContext, parseOptions } from "../context.ts";
import { renderRemoved } from "../render/messages.ts";

const schema = z.object({
  ticket: z.string(),
  force: z.boolean().default(false),
  keepBranch: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});

export async function run(ticket: string, opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(schema, { ...opts, ticket });
  const { repo, config } = await openContext(deps);
  const result = await removeWorktree(input, repo, config, deps);
  deps.stderr.write(renderRemoved(result, deps));
}
