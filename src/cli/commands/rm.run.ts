import { removeWorktree } from "../../core/remove-worktree.ts";
import type { Deps } from "../../deps.ts";
import { openContext, parseOptions } from "../context.ts";
import { rmOptions } from "../hot-options.ts";
import { renderRemoved } from "../render/messages.ts";

export async function run(ticket: string, opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(rmOptions, { ...opts, ticket });
  const { repo, config } = await openContext(deps);
  const result = await removeWorktree(input, repo, config, deps);
  deps.stderr.write(renderRemoved(result, deps));
}
