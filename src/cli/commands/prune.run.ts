import { executePrune, planPrune, type PruneOutcome, type PrunePlan } from "../../core/prune.ts";
import { reloadEntries } from "../../core/repo.ts";
import { withRepoLock } from "../../core/repo-lock.ts";
import type { Deps } from "../../deps.ts";
import { PartialFailureError, UsageError } from "../../errors.ts";
import { parseDuration } from "../../policy/duration.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { pruneOptions } from "../hot-options.ts";
import { pruneJson, renderPrunePlan, renderPruneOutcome } from "../render/prune.ts";

export async function run(opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(pruneOptions, opts);
  const staleSeconds = input.stale !== undefined ? parseDuration(input.stale) : undefined;
  if (staleSeconds === undefined && !input.merged && !input.orphans) {
    throw new UsageError("NO_SELECTOR", "prune needs at least one selector: --stale DURATION, --merged or --orphans (nothing was removed)");
  }
  const selectors = { staleSeconds, merged: input.merged, orphans: input.orphans };
  const { repo, config } = await openContext(deps);
  const report = (plan: PrunePlan, outcome: PruneOutcome | undefined, applied: boolean) => {
    if (input.json) writeJson(deps, pruneJson(plan, outcome, { dryRun: input.dryRun, applied, selectors: { stale: input.stale ?? null, merged: input.merged, orphans: input.orphans } }));
    else deps.stdout.write(outcome ? renderPruneOutcome(plan, outcome, deps) : renderPrunePlan(plan, deps));
  };
  if (input.dryRun) return report(await planPrune(repo, config, selectors, input.force, deps), undefined, false);
  const outcome = await withRepoLock(repo, deps, "cwt prune", async (waited) => {
    // Another cwt held the repository first: plan from git's list as it is now.
    const current = waited ? await reloadEntries(repo) : repo;
    const plan = await planPrune(current, config, selectors, input.force, deps);
    if (plan.remove.length > 0 && !input.yes) {
      if (!deps.interactive) {
        report(plan, undefined, false);
        deps.stderr.write("cwt: nothing removed: there is no terminal to ask; run again with --yes to remove what is planned\n");
        return undefined;
      }
      deps.stderr.write(renderPrunePlan(plan, deps));
      if (!(await deps.confirm(`Remove ${plan.remove.length} item${plan.remove.length === 1 ? "" : "s"}? [y/N] `))) {
        deps.stderr.write("cwt: nothing removed\n");
        return undefined;
      }
    }
    // The answer may have taken a while: judge everything again, and remove only what was shown
    // and is still removable (a session or a file that appeared meanwhile keeps its worktree).
    const asked = plan.remove.length > 0 && !input.yes;
    const final = asked ? narrowTo(await planPrune(await reloadEntries(current), config, selectors, input.force, deps), plan) : plan;
    const result = await executePrune(current, final, input.force, deps);
    report(final, result, true);
    return result;
  });
  if (outcome && outcome.failed.length > 0) {
    throw new PartialFailureError("PRUNE_FAILED", `${outcome.failed.length} removal${outcome.failed.length === 1 ? "" : "s"} failed; the report above says which and why`);
  }
}

/** The fresh plan, limited to removals the person agreed to. */
function narrowTo(fresh: PrunePlan, shown: PrunePlan): PrunePlan {
  const agreed = new Set(shown.remove.map((c) => c.path));
  return { remove: fresh.remove.filter((c) => agreed.has(c.path)), keep: fresh.keep };
}
