// The policy check for one worktree: load its settings sources, judge them. `cwt launch` calls
// this before starting Claude Code and refuses on errors.
import type { LoadedConfig } from "../config/load.ts";
import type { Deps } from "../deps.ts";
import { type EffectiveBgIsolation, evaluatePolicy, type SettingsSource } from "../policy/claude-settings.ts";
import { type Finding, sortFindings } from "../policy/findings.ts";
import type { Repo } from "./repo.ts";
import { loadSettingsSources } from "./settings-sources.ts";

export interface PolicyReport {
  readonly worktree: string;
  readonly bgIsolation: EffectiveBgIsolation;
  readonly sources: readonly Pick<SettingsSource, "scope" | "file">[];
  readonly findings: readonly Finding[];
}

export async function checkPolicy(repo: Repo, loaded: LoadedConfig, worktreePath: string, deps: Pick<Deps, "env" | "platform" | "now">): Promise<PolicyReport> {
  const { sources, findings } = await loadSettingsSources(repo, worktreePath, deps);
  const result = evaluatePolicy({
    sources,
    mainRoot: repo.mainRoot,
    worktreePath,
    home: deps.env.HOME,
    approval: loaded.team?.approvals?.bgIsolationNone,
    userApproval: loaded.user?.approvals?.bgIsolationNone !== undefined,
    teamConfigFile: loaded.teamFile,
    now: deps.now(),
  });
  return {
    worktree: worktreePath,
    bgIsolation: result.bgIsolation,
    sources: sources.map((s) => ({ scope: s.scope, file: s.file })),
    findings: sortFindings([...findings, ...result.findings]),
  };
}
