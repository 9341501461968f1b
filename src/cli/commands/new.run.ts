import { hasControlChars } from "../../policy/text.ts";
import { z } from "zod";
import { createWorktree } from "../../core/create-worktree.ts";
import type { Deps } from "../../deps.ts";
import { UsageError } from "../../errors.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { postCreateJson, requirePostCheckoutDone, requirePostCreateDone, runPostCreate } from "../post-create.ts";
import { renderCreated } from "../render/messages.ts";
import { shellIntegrationHint } from "../render/shell-scripts.ts";

const noControl = (v: string) => !hasControlChars(v);

const schema = z.object({
  ticket: z.string(),
  base: z.string().min(1).optional(),
  branch: z.string().min(1).optional(),
  owner: z.string().min(1).max(254).refine(noControl, "must not contain control characters").optional(),
  json: z.boolean().default(false),
  yes: z.boolean().default(false),
  hooks: z.boolean().default(true),
  cd: z.boolean().default(false),
  // commander's --no-submodules: false when given; absent means "as configured".
  submodules: z.boolean().optional(),
});

export async function run(ticket: string, opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(schema, { ...opts, ticket });
  if (input.yes && !input.hooks) throw new UsageError("CONFLICTING_OPTIONS", "--yes (run the postCreate commands) and --no-hooks (skip them) contradict each other");
  const { repo, config } = await openContext(deps);
  const result = await createWorktree({ ...input, submodules: input.submodules === false ? false : undefined }, repo, config, deps);
  deps.stderr.write(renderCreated(result, deps));
  // The worktree exists from here on, whatever the commands do: its path is printed either way.
  const target = { worktree: result.path, ticket: result.record.ticket, mainRoot: repo.mainRoot };
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
