import type { Command } from "commander";
import { z } from "zod";
import { listWorktrees } from "../../core/list-worktrees.ts";
import type { Deps } from "../../deps.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { renderList } from "../render/list.ts";

const schema = z.object({ json: z.boolean().default(false) });

/** Version of the `cwt list --json` document; bumped only on an incompatible change. */
export const LIST_JSON_VERSION = 1;

export function registerList(program: Command, deps: Deps): void {
  program
    .command("list")
    .alias("ls")
    .description("show every worktree of the repository and its state")
    .option("--json", "print a JSON document (shape in README)")
    .action(async (opts: Record<string, unknown>) => {
      const input = parseOptions(schema, opts);
      const { repo, config } = await openContext(deps);
      const worktrees = await listWorktrees(repo, config, deps);
      if (input.json) writeJson(deps, { version: LIST_JSON_VERSION, repository: repo.mainRoot, worktrees });
      else deps.stdout.write(renderList(worktrees, deps));
    });
}
