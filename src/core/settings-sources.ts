// Reads every Claude Code settings source that applies to one worktree (claude-code.md §5, §10):
// managed files, CLAUDE_BG_ISOLATION, the main checkout's settings.local.json (and a legacy one in
// the worktree), the worktree's own .claude/settings.json, and the user's settings.json.
// Missing files are normal; unreadable or malformed ones become findings, never crashes.
import { lstat, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import type { Deps } from "../deps.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import type { Scope, SettingsSource } from "../policy/claude-settings.ts";
import type { Finding } from "../policy/findings.ts";
import { parseSettingsText } from "../policy/settings-json.ts";
import { claudeConfigDir } from "./claude-dir.ts";
import type { Repo } from "./repo.ts";

/** Claude Code's own limit for a --settings file. */
const MAX_SETTINGS_BYTES = 2 * 1024 * 1024;

export interface LoadedSources {
  readonly sources: SettingsSource[];
  /** Read and syntax findings (the policy judges the content). */
  readonly findings: Finding[];
}

type SourceDeps = Pick<Deps, "env" | "platform">;

/** `CWT_CLAUDE_MANAGED_DIR` overrides the platform's directory (for tests and unusual installs). */
export function managedSettingsDir(deps: SourceDeps): string {
  const override = deps.env.CWT_CLAUDE_MANAGED_DIR;
  return override && path.isAbsolute(override) ? override : deps.platform.managedSettingsDir;
}

async function loadSource(scope: Scope, file: string, tracked: boolean | undefined, findings: Finding[]): Promise<SettingsSource | undefined> {
  let symlinkTarget: string | undefined;
  try {
    if ((await lstat(file)).isSymbolicLink()) symlinkTarget = await realpath(file).catch(() => undefined);
  } catch {
    return undefined; // missing: normal
  }
  const read = await readBoundedText(file, MAX_SETTINGS_BYTES);
  if (read.kind === "missing") return undefined;
  if (read.kind === "problem") {
    findings.push({ id: "settings-unreadable", severity: "error", file, message: `the settings file ${read.problem}`, fix: "replace it with a readable UTF-8 JSON file" });
    return { scope, file, data: undefined, symlinkTarget, tracked };
  }
  const parsed = parseSettingsText(read.text, file);
  findings.push(...parsed.findings);
  return { scope, file, data: parsed.data, symlinkTarget, tracked };
}

async function managedFiles(dir: string): Promise<string[]> {
  let dropIns: string[] = [];
  try {
    dropIns = (await readdir(path.join(dir, "managed-settings.d"))).filter((n) => n.endsWith(".json")).sort();
  } catch {
    // no drop-in folder
  }
  // Drop-ins merge alphabetically after the main file, so the last one has the highest precedence.
  return [...dropIns.reverse().map((n) => path.join(dir, "managed-settings.d", n)), path.join(dir, "managed-settings.json")];
}

async function isTracked(repo: Repo, cwd: string): Promise<boolean> {
  const out = await repo.git.exec(["ls-files", "-z", "--", ".claude/settings.local.json"], { cwd });
  return out.exitCode === 0 && out.stdout !== "";
}

/**
 * Every settings source Claude Code would read for a session in `worktreePath`. `tracked: false`
 * skips asking git whether the local files are committed (only the policy check reports that).
 */
export async function loadSettingsSources(repo: Repo, worktreePath: string, deps: SourceDeps, options: { tracked?: boolean } = {}): Promise<LoadedSources> {
  const findings: Finding[] = [];
  const isMain = worktreePath === repo.mainRoot;
  const configDir = claudeConfigDir(deps.env);
  const askGit = options.tracked ?? true;
  const [managed, localTracked, legacyTracked] = await Promise.all([
    managedFiles(managedSettingsDir(deps)),
    askGit ? isTracked(repo, repo.mainRoot) : undefined,
    isMain || !askGit ? undefined : isTracked(repo, worktreePath),
  ]);
  const wanted: [Scope, string, boolean | undefined][] = [
    ...managed.map((f): [Scope, string, undefined] => ["managed", f, undefined]),
    ["local", path.join(repo.mainRoot, ".claude", "settings.local.json"), localTracked],
    ...(isMain ? [] : [["local-legacy", path.join(worktreePath, ".claude", "settings.local.json"), legacyTracked] as [Scope, string, boolean]]),
    ["project", path.join(worktreePath, ".claude", "settings.json"), undefined],
    ...(configDir ? [["user", path.join(configDir, "settings.json"), undefined] as [Scope, string, undefined]] : []),
  ];
  const loaded = await Promise.all(wanted.map(([scope, file, tracked]) => loadSource(scope, file, tracked, findings)));
  const sources = loaded.filter((s): s is SettingsSource => s !== undefined);
  const env = deps.env.CLAUDE_BG_ISOLATION;
  if (env !== undefined) sources.unshift({ scope: "env", file: "CLAUDE_BG_ISOLATION", data: { CLAUDE_BG_ISOLATION: env } });
  return { sources, findings };
}
