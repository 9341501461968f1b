// Sparse worktrees for big repositories (issue #12): `cwt new` checks out only some folders, with
// git sparse-checkout in cone mode, as Claude Code does for `worktree.sparsePaths` (claude-code.md
// §3): the listed folders plus root-level files. cwt's own `sparsePaths` decides when set ([] means
// a full checkout); otherwise Claude Code's effective `worktree.sparsePaths`.
//
// `git sparse-checkout set` in a linked worktree turns on `extensions.worktreeConfig` in the
// repository's shared config, and git never turns it off (tools built on go-git then refuse the
// repository: CL 2.1.207). When cwt's sparse checkout is what turned it on, cwt says so in the
// shared config (MARK_KEY) and turns both off again once no worktree needs per-worktree config.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/schema.ts";
import type { Deps } from "../deps.ts";
import { ConfigError } from "../errors.ts";
import type { Git } from "../git/client.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import { MAX_SPARSE_PATHS, normalizeSparsePath, sparsePathProblem } from "../policy/sparse-paths.ts";
import type { Repo } from "./repo.ts";

export const MARK_KEY = "cwt.enabledWorktreeConfigExtension";
const EXTENSION_KEY = "extensions.worktreeConfig";

export interface SparsePlan {
  /** The folders to check out, as given (a trailing '/' dropped). */
  readonly paths: readonly string[];
  /** Where they come from: "cwt config", or the Claude Code settings file that set them. */
  readonly source: string;
  /** extensions.worktreeConfig was already on before this worktree: not cwt's to turn off later. */
  readonly extensionWasOn: boolean;
}

/** Claude Code's scopes, highest precedence first (claude-code.md §5); `--settings` is invisible to cwt. */
const CLAUDE_ORDER = ["managed", "local", "project", "user"] as const;

function requireValid(value: unknown, file: string, key: string): string[] {
  if (!Array.isArray(value)) throw new ConfigError(file, [`${key}: must be a list of folder paths`]);
  if (value.length > MAX_SPARSE_PATHS) throw new ConfigError(file, [`${key}: must list at most ${MAX_SPARSE_PATHS} folders`]);
  return value.map((entry: unknown, i) => {
    const problem = typeof entry === "string" ? sparsePathProblem(entry) : "must be a string";
    if (problem) throw new ConfigError(file, [`${key}.${i}: ${problem}`]);
    return normalizeSparsePath(entry as string);
  });
}

/** Claude Code's effective `worktree.sparsePaths` for a worktree started from the main checkout. */
async function claudeSparsePaths(repo: Repo, deps: Pick<Deps, "env" | "platform">): Promise<{ paths: string[]; file: string } | undefined> {
  const { loadSettingsSources } = await import("./settings-sources.ts");
  // Unreadable or malformed files count as unset, as Claude Code skips them (doctor reports them).
  const { sources } = await loadSettingsSources(repo, repo.mainRoot, deps, { tracked: false });
  for (const scope of CLAUDE_ORDER) {
    for (const source of sources.filter((s) => s.scope === scope)) {
      const worktree = source.data?.worktree;
      if (typeof worktree !== "object" || worktree === null || !("sparsePaths" in worktree)) continue;
      const value = (worktree as { sparsePaths?: unknown }).sparsePaths;
      if (value === undefined) continue;
      return { paths: requireValid(value, source.file, "worktree.sparsePaths"), file: source.file };
    }
  }
  return undefined;
}

async function extensionOn(git: Git): Promise<boolean> {
  const out = await git.exec(["config", "--local", "--bool", "--get", EXTENSION_KEY]);
  return out.exitCode === 0 && out.stdout.trim() === "true";
}

/**
 * Whether a new worktree is sparse, and with which folders (null: a full checkout). Reads files
 * and asks git, writes nothing: invalid paths refuse here, before `cwt new` writes anything.
 */
export async function planSparse(repo: Repo, config: Config, deps: Pick<Deps, "env" | "platform">): Promise<SparsePlan | null> {
  let chosen: { paths: string[]; source: string } | undefined;
  if (config.sparsePaths !== undefined) {
    chosen = { paths: requireValid(config.sparsePaths, "cwt config", "sparsePaths"), source: "cwt config" };
  } else {
    const claude = await claudeSparsePaths(repo, deps);
    if (claude) chosen = { paths: claude.paths, source: claude.file };
  }
  if (!chosen || chosen.paths.length === 0) return null;
  return { ...chosen, extensionWasOn: await extensionOn(repo.git) };
}

/** Before the first sparse step: says in the shared config that cwt is about to turn the extension on. */
export async function markExtension(git: Git): Promise<void> {
  await git.run(["config", "--local", MARK_KEY, "true"]);
}

/**
 * Makes a worktree added with `--no-checkout` sparse; a `git checkout` then writes only the cone
 * (git 2.39 needs the patterns in place before the first checkout, or it writes everything).
 */
export async function setSparsePatterns(git: Git, worktree: string, paths: readonly string[]): Promise<void> {
  await git.run(["sparse-checkout", "set", "--cone", "--", ...paths], { cwd: worktree });
}

/** Whether a config.worktree file holds any setting (unknown counts as yes: the extension stays). */
async function holdsSettings(file: string): Promise<boolean> {
  const read = await readBoundedText(file, 1024 * 1024);
  if (read.kind === "missing") return false;
  if (read.kind === "problem") return true;
  return read.text.split("\n").some((line) => {
    const t = line.trim();
    return t !== "" && !t.startsWith("#") && !t.startsWith(";") && !/^\[[^\]]*\]$/.test(t);
  });
}

/**
 * Whether any worktree still has per-worktree config: a sparse one (core.sparseCheckout), or
 * anything else git reads only while the extension is on (a bare repository's core.bare is
 * moved into the main config.worktree). Any setting keeps the extension, not only sparse ones.
 */
async function worktreeConfigInUse(commonDir: string): Promise<boolean> {
  let ids: string[];
  try {
    ids = await readdir(path.join(commonDir, "worktrees"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return true;
    ids = [];
  }
  const files = [path.join(commonDir, "config.worktree"), ...ids.map((id) => path.join(commonDir, "worktrees", id, "config.worktree"))];
  return (await Promise.all(files.map(holdsSettings))).some(Boolean);
}

/**
 * After a worktree went (rm, prune, Claude Code's remove hook, doctor --fix, a rolled-back new):
 * turns `extensions.worktreeConfig` off, and forgets the mark, when cwt turned it on and no
 * worktree needs it any more. Never throws: the worktree is gone either way, and a later removal
 * tries again. The extension goes before the mark, so a cut-short run leaves only the mark.
 */
export async function releaseWorktreeConfig(repo: Repo): Promise<void> {
  try {
    // Most removals: no mark in the shared config, and no git process to find that out.
    const config = await readBoundedText(path.join(repo.commonDir, "config"), 4 * 1024 * 1024);
    if (config.kind !== "text" || !config.text.toLowerCase().includes("enabledworktreeconfigextension")) return;
    const git = repo.git.uninterruptible();
    const mark = await git.exec(["config", "--local", "--bool", "--get", MARK_KEY]);
    if (mark.exitCode !== 0 || mark.stdout.trim() !== "true") return;
    if (await worktreeConfigInUse(repo.commonDir)) return;
    // Exit 5: already unset (another removal of the same prune got there first).
    const unset = await git.exec(["config", "--local", "--unset-all", EXTENSION_KEY]);
    if (unset.exitCode !== 0 && unset.exitCode !== 5) return;
    await git.exec(["config", "--local", "--unset-all", MARK_KEY]);
  } catch {
    // kept: the next removal tries again
  }
}
