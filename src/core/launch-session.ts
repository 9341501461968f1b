// `cwt launch`: Claude Code inside a ticket's worktree, after the policy check. Refuses the
// shared main checkout unless asked for in so many words (--allow-main).
import path from "node:path";
import type { LoadedConfig } from "../config/load.ts";
import type { Deps, Env } from "../deps.ts";

export { claudeCommand } from "./claude-command.ts";
import { CommandNotFoundError, RefusedError, UsageError } from "../errors.ts";
import { hasErrors } from "../policy/findings.ts";
import { GIT_DISCOVERY_VARS, runInteractive } from "../process/run.ts";
import { checkPolicy, type PolicyReport } from "./check-policy.ts";
import { claudeCommand } from "./claude-command.ts";
import { createWorktree } from "./create-worktree.ts";
import { findExecutable } from "./find-executable.ts";
import { currentWorktree, loadInventory, type Worktree } from "./inventory.ts";
import { clearKept, saveLaunch } from "./records.ts";
import { reloadEntries, type Repo } from "./repo.ts";
import { namesFor } from "../policy/naming.ts";
import { findWorktree, requireWorktree, worktreeRootOf } from "./resolve-worktree.ts";

export interface LaunchInput {
  readonly ticket?: string | undefined;
  readonly create: boolean;
  readonly allowMain: boolean;
  readonly claudeArgs: readonly string[];
  /** Plan only: with --new, a missing worktree is not created. */
  readonly dryRun?: boolean | undefined;
}

export interface LaunchPlan {
  readonly worktree: string;
  readonly ticket: string | null;
  readonly main: boolean;
  /** The command as it will run: the resolved executable, then its arguments. */
  readonly command: readonly string[];
  readonly cwd: string;
  readonly env: { readonly set: Readonly<Record<string, string>>; readonly unset: readonly string[] };
  readonly policy: PolicyReport;
  /** Set when --new made the worktree in this call. */
  readonly created: boolean;
  /** --new with --dry-run: the worktree does not exist yet and would be created. */
  readonly wouldCreate: boolean;
  readonly adminDir: string | undefined;
}

type LaunchDeps = Pick<Deps, "cwd" | "env" | "now" | "platform" | "signal" | "signals" | "stdinIsTTY">;

export function childEnv(env: Env, set: Record<string, string>): { env: Record<string, string>; unset: string[] } {
  const out: Record<string, string> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (GIT_DISCOVERY_VARS.includes(key)) unset.push(key);
    else out[key] = value;
  }
  return { env: { ...out, ...set }, unset };
}

async function pickWorktree(input: LaunchInput, repo: Repo, loaded: LoadedConfig, deps: LaunchDeps): Promise<{ worktree: Worktree; created: boolean } | { planned: string; ticket: string }> {
  const { config } = loaded;
  let worktrees = await loadInventory(repo);
  if (input.ticket === undefined) {
    if (input.create) throw new UsageError("NEW_NEEDS_TICKET", "--new needs a TICKET to create");
    const here = currentWorktree(repo, worktrees);
    if (here && !here.isMain) return { worktree: here, created: false };
    const main = worktrees[0];
    if (input.allowMain && main) return { worktree: main, created: false };
    const names = worktrees.filter((w) => !w.isMain).map((w) => w.name);
    throw new RefusedError("MAIN_CHECKOUT", `you are in the main checkout, and Claude Code would edit the shared checkout there${names.length > 0 ? `; worktrees: ${names.join(", ")}` : ""}`, {
      hint: "cwt launch TICKET (add --new to create it), or --allow-main to launch here anyway",
    });
  }
  const found = findWorktree(worktrees, input.ticket, config, repo.mainRoot);
  if (found) return { worktree: found, created: false };
  if (!input.create) return { worktree: requireWorktree(worktrees, input.ticket, config, repo.mainRoot), created: false };
  if (input.dryRun) {
    const names = namesFor(input.ticket, config, path.basename(repo.mainRoot));
    return { planned: path.join(worktreeRootOf(repo.mainRoot, config), names.folder), ticket: input.ticket };
  }
  await createWorktree({ ticket: input.ticket }, repo, config, deps);
  worktrees = await loadInventory(await reloadEntries(repo));
  return { worktree: requireWorktree(worktrees, input.ticket, config, repo.mainRoot), created: true };
}

export async function planLaunch(input: LaunchInput, repo: Repo, loaded: LoadedConfig, deps: LaunchDeps): Promise<LaunchPlan> {
  // The command first: a missing claude must not leave a new worktree behind.
  const [file = "claude", ...commandArgs] = claudeCommand(deps.env, loaded.config.claudeCommand);
  const resolved = { file, args: commandArgs, path: await findExecutable(file, deps.env) };
  if (!resolved.path) {
    throw new CommandNotFoundError(`${resolved.file} not found on PATH`, {
      hint: "install Claude Code (npm install -g @anthropic-ai/claude-code), or set CWT_CLAUDE (or claudeCommand in ~/.config/cwt/config.json) to its path",
    });
  }
  const picked = await pickWorktree(input, repo, loaded, deps);
  const where = "planned" in picked ? picked.planned : picked.worktree.path;
  const policy = await checkPolicy(repo, loaded, where, deps);
  const ticket = "planned" in picked ? picked.ticket : (picked.worktree.record?.ticket ?? (picked.worktree.isMain ? null : path.basename(where)));
  const set: Record<string, string> = { CWT_WORKTREE: where, ...(ticket !== null ? { CWT_TICKET: ticket } : {}) };
  return {
    worktree: where,
    ticket,
    main: "worktree" in picked && picked.worktree.isMain,
    command: [resolved.path, ...resolved.args, ...input.claudeArgs],
    cwd: where,
    env: { set, unset: childEnv(deps.env, set).unset },
    policy,
    created: "created" in picked && picked.created,
    wouldCreate: "planned" in picked,
    adminDir: "worktree" in picked ? picked.worktree.adminDir : undefined,
  };
}

/** Claude Code starts only when the policy check found no errors. */
export function requireLaunchAllowed(plan: LaunchPlan): void {
  if (hasErrors(plan.policy.findings)) {
    const errors = plan.policy.findings.filter((f) => f.severity === "error").length;
    throw new RefusedError("POLICY_ERRORS", `refusing to launch: the policy check found ${errors} error${errors === 1 ? "" : "s"} for ${plan.worktree}`, {
      hint: "fix them (cwt policy check shows them), or record an approval in cwt.config.json",
    });
  }
}

/** Runs Claude Code and returns cwt's exit code (Claude's). */
export async function runLaunch(plan: LaunchPlan, deps: LaunchDeps): Promise<number> {
  requireLaunchAllowed(plan);
  const [file, ...args] = plan.command;
  const { env } = childEnv(deps.env, { ...plan.env.set });
  const result = await runInteractive(file ?? "claude", args, {
    cwd: plan.cwd,
    env,
    signals: deps.signals,
    stdinIsTTY: deps.stdinIsTTY,
    onSpawn: async (pid) => {
      if (!plan.adminDir) return;
      const procStart = deps.platform.processStart(pid) ?? null;
      await saveLaunch(plan.adminDir, { pid, procStart, startedAt: deps.now().toISOString(), command: [...plan.command] });
      await clearKept(plan.adminDir); // in use again: Claude Code's earlier request to remove it no longer stands
    },
  });
  return result.exitCode;
}
