import { createWorktree } from "../../core/create-worktree.ts";
import type { Deps } from "../../deps.ts";
import { UsageError } from "../../errors.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { newOptions } from "../hot-options.ts";
import { postCreateJson, requirePostCheckoutDone, requirePostCreateDone, runPostCreate } from "../post-create.ts";
import { renderCreated } from "../render/messages.ts";
import { shellIntegrationHint } from "../render/shell-scripts.ts";
import { repositoryPath } from "../../core/repo.ts";

export async function run(ticket: string, opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(newOptions, { ...opts, ticket });
  if (input.yes && !input.hooks) throw new UsageError("CONFLICTING_OPTIONS", "--yes (run the postCreate commands) and --no-hooks (skip them) contradict each other");
  const { repo, config } = await openContext(deps);
  const result = await createWorktree({ ...input, submodules: input.submodules === false ? false : undefined }, repo, config, deps);
  deps.stderr.write(renderCreated(result, deps));
  // The worktree exists from here on, whatever the commands do: its path is printed either way.
  const target = { worktree: result.path, ticket: result.record.ticket, mainRoot: repo.mainRoot, repository: repositoryPath(repo) };
  const outcome = await runPostCreate("new", target, config.postCreate, { yes: input.yes, hooks: input.hooks }, deps);
  if (input.json) writeJson(deps, { path: result.path, ...result.record, copied: result.copy.copied, submodules: result.submodules, postCheckout: { failedWith: result.postCheckout.failedWith }, postCreate: postCreateJson(outcome) });
  else deps.stdout.write(`${result.path}\n`);
  // --cd reaching cwt itself means no shell function is in between: say how to get one.
  if (input.cd) {
    const hint = shellIntegrationHint(deps.env);
    if (hint) deps.stderr.write(hint);
  }
  requirePostCheckoutDone(result);
  requirePostCreateDone(outcome, target, deps);
}
