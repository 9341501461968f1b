import { z } from "zod";
import { checkPolicy } from "../../core/check-policy.ts";
import { currentWorktree, loadInventory } from "../../core/inventory.ts";
import { requireWorktree } from "../../core/resolve-worktree.ts";
import type { Deps } from "../../deps.ts";
import { RefusedError } from "../../errors.ts";
import { hasErrors } from "../../policy/findings.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { renderPolicyReport } from "../render/findings.ts";

const schema = z.object({ worktree: z.string().optional(), json: z.boolean().default(false) });

export async function run(opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(schema, opts);
  const { repo, config, loaded } = await openContext(deps);
  const worktrees = await loadInventory(repo);
  const target =
    input.worktree !== undefined
      ? requireWorktree(worktrees, input.worktree, config, repo.mainRoot)
      : (currentWorktree(repo, worktrees) ?? worktrees[0]);
  const report = await checkPolicy(repo, loaded, target?.path ?? repo.mainRoot, deps);
  if (input.json) writeJson(deps, { version: 1, ...report });
  else deps.stdout.write(renderPolicyReport(report, deps));
  const errors = report.findings.filter((f) => f.severity === "error").length;
  if (hasErrors(report.findings)) {
    throw new RefusedError("POLICY_ERRORS", `policy check found ${errors} error${errors === 1 ? "" : "s"} for ${report.worktree}`);
  }
}
