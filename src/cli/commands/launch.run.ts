import { Chalk } from "chalk";
import { z } from "zod";
import { type LaunchPlan, planLaunch, requireLaunchAllowed, runLaunch } from "../../core/launch-session.ts";
import type { Deps } from "../../deps.ts";
import { ChildExitError } from "../../errors.ts";
import { hasErrors } from "../../policy/findings.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { requirePostCreateDone, runPostCreate } from "../post-create.ts";
import { renderFinding } from "../render/findings.ts";
import { repositoryPath } from "../../core/repo.ts";

const schema = z.object({
  ticket: z.string().optional(),
  new: z.boolean().default(false),
  allowMain: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  json: z.boolean().default(false),
});

function renderPlan(plan: LaunchPlan): string {
  const lines = [
    `command: ${plan.command.map((a) => JSON.stringify(a)).join(" ")}`,
    `cwd: ${plan.cwd}`,
    ...Object.entries(plan.env.set).map(([k, v]) => `set: ${k}=${v}`),
    ...plan.env.unset.map((k) => `unset: ${k}`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * `claudeArgs` are the words after `--` on cwt's command line, split off before commander parses
 * (commander would otherwise read `-p` after `--` as the ticket).
 */
export async function run(ticket: string | undefined, opts: Record<string, unknown>, deps: Deps, claudeArgs: readonly string[]): Promise<void> {
  const input = parseOptions(schema, { ...opts, ticket });
  const { repo, loaded } = await openContext(deps);
  const plan = await planLaunch({ ticket: input.ticket, create: input.new, allowMain: input.allowMain, claudeArgs, dryRun: input.dryRun }, repo, loaded, deps);
  const c = new Chalk({ level: deps.colorLevel });
  if (plan.wouldCreate) deps.stderr.write(`cwt: would create worktree ${plan.ticket ?? ""} at ${plan.worktree}\n`);
  if (plan.created) deps.stderr.write(`cwt: created worktree ${plan.ticket ?? ""} at ${plan.worktree}\n`);
  if (plan.main) deps.stderr.write(`cwt: ${c.yellow("launching in the main checkout")} (--allow-main)\n`);
  if (hasErrors(plan.policy.findings) || input.dryRun) {
    for (const f of plan.policy.findings) deps.stderr.write(renderFinding(f, c));
  }
  if (input.dryRun) {
    if (input.json) writeJson(deps, { version: 1, ...plan, adminDir: undefined });
    else deps.stdout.write(renderPlan(plan));
    requireLaunchAllowed(plan);
    return;
  }
  if (plan.created) {
    // The same postCreate gate as cwt new (it asks in a terminal); a failure stops before Claude Code starts.
    const target = { worktree: plan.worktree, ticket: plan.ticket ?? input.ticket ?? "", mainRoot: repo.mainRoot, repository: repositoryPath(repo) };
    requirePostCreateDone(await runPostCreate("launch", target, loaded.config.postCreate, { yes: false, hooks: true }, deps), target, deps);
  }
  const code = await runLaunch(plan, deps);
  if (code !== 0) throw new ChildExitError(code);
}
