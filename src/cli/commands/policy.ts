import type { Command } from "commander";
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

export function registerPolicy(program: Command, deps: Deps): void {
  const policy = program.command("policy").description("Claude Code settings policy");
  policy
    .command("check")
    .description("check Claude Code's settings for a worktree (exit 3 on errors)")
    .option("--worktree <ticket>", "the ticket's worktree (default: the one you are in)")
    .option("--json", "print the report as JSON")
    .action(async (opts: Record<string, unknown>) => {
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
    });
  policy.commands.forEach((c) => c.exitOverride());
}
