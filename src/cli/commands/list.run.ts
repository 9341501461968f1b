import { listWorktrees } from "../../core/list-worktrees.ts";
import { repositoryPath } from "../../core/repo.ts";
import type { Deps } from "../../deps.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { listOptions } from "../hot-options.ts";
import { renderList } from "../render/list.ts";


/** Version of the `cwt list --json` document; bumped only on an incompatible change. */
export const LIST_JSON_VERSION = 1;

export async function run(opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(listOptions, opts);
  const { repo, config } = await openContext(deps);
  const worktrees = await listWorktrees(repo, config, deps);
  if (input.json) writeJson(deps, { version: LIST_JSON_VERSION, repository: repositoryPath(repo), worktrees });
  else deps.stdout.write(renderList(worktrees, deps));
}
