// The effective config and its defaults. No zod here: commands that find no config file never
// load the schema (start-up time, bench/).
import path from "node:path";
import type { ConfigFile } from "./schema.ts";

export interface Config {
  readonly worktreeRoot: string;
  readonly folderTemplate: string;
  readonly branchTemplate: string;
  readonly ticketPattern: string | undefined;
  readonly defaultBase: string | undefined;
  /** From the per-user config only: a committed command would run on every teammate's machine. */
  readonly claudeCommand: readonly string[] | undefined;
  /**
   * From the team's file only (load.ts refuses it in the per-user file): commands run in each new
   * worktree, each an argument array, and only once the user approved this exact list (core/post-create.ts).
   */
  readonly postCreate: readonly (readonly string[])[] | undefined;
  /** Fill a new worktree's submodules from the main checkout's copies (no network). */
  readonly fillSubmodules: boolean;
  /**
   * Folders a new worktree checks out (git sparse-checkout, cone mode); [] means a full checkout.
   * Undefined: Claude Code's `worktree.sparsePaths` decides (core/sparse.ts).
   */
  readonly sparsePaths: readonly string[] | undefined;
  /** Ignored files that may go with a worktree, besides DEFAULT_DISPOSABLE (.gitignore patterns). */
  readonly disposable: readonly string[];
}

/**
 * Ignored files a removal may delete without asking: what builds, package managers, test runners
 * and operating systems regenerate. Every other ignored file counts as work (core/contents.ts).
 */
export const DEFAULT_DISPOSABLE: readonly string[] = [
  "node_modules/",
  "dist/",
  "build/",
  "out/",
  "target/",
  "coverage/",
  ".cache/",
  ".next/",
  ".nuxt/",
  ".turbo/",
  ".parcel-cache/",
  ".gradle/",
  ".venv/",
  "venv/",
  "__pycache__/",
  ".pytest_cache/",
  ".mypy_cache/",
  ".ruff_cache/",
  ".tox/",
  "*.pyc",
  "*.o",
  "*.class",
  "*.tsbuildinfo",
  ".eslintcache",
  ".DS_Store",
  "Thumbs.db",
];

/** Every pattern of ignored files a removal may delete: the built-in ones and the config's. */
export function disposablePatterns(config: Pick<Config, "disposable">): string[] {
  return [...DEFAULT_DISPOSABLE, ...config.disposable];
}

export const DEFAULT_CONFIG: Config = {
  worktreeRoot: ".claude/worktrees",
  folderTemplate: "{ticket}",
  branchTemplate: "worktree-{ticket}",
  ticketPattern: undefined,
  defaultBase: undefined,
  claudeCommand: undefined,
  postCreate: undefined,
  fillSubmodules: true,
  sparsePaths: undefined,
  disposable: [],
};

/**
 * The edit guard's team rules (`cwt claude guard`). Like approvals, only the team's committed
 * cwt.config.json counts: a rule that binds every session of the team is the team's decision.
 */
export interface GuardConfig {
  /** "deny": a session started in the main checkout may not edit files there (make a worktree instead). */
  readonly mainCheckout: "allow" | "deny";
}

export const DEFAULT_GUARD: GuardConfig = { mainCheckout: "allow" };

/** The guard's rules from the team's file (undefined: there is none). */
export function guardConfig(team: ConfigFile | undefined): GuardConfig {
  return { mainCheckout: team?.guard?.mainCheckout ?? DEFAULT_GUARD.mainCheckout };
}

/** Later layers override earlier ones, key by key. Approvals and guard are not merged: only the team's file counts. */
export function mergeConfig(...layers: readonly (ConfigFile | undefined)[]): Config {
  let merged: Config = DEFAULT_CONFIG;
  for (const layer of layers) {
    if (!layer) continue;
    const { $schema: _schema, approvals: _approvals, guard: _guard, ...rest } = layer;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    merged = { ...merged, ...defined };
  }
  return merged;
}

/** A bare repository's fixed places (`BareLayout` in core/repo.ts). */
export interface BarePlaces {
  readonly home: string;
  readonly name: string;
  readonly defaultRoot: string;
}

/**
 * The config for a bare repository (issue #12). cwt runs from any of its worktrees, each on its own
 * branch, and none is the main checkout: the worktree root and `{repo}` must not depend on which.
 * So worktreeRoot becomes absolute, resolved against the folder that holds the bare repository
 * (or that layout's default root when no file sets it), and `{repo}` is filled in with the
 * repository's name, before any command resolves them against the checkout cwt runs in.
 */
export function forBareRepository(config: Config, configuredRoot: string | undefined, bare: BarePlaces): Config {
  const named = (template: string) => template.replaceAll("{repo}", bare.name);
  return {
    ...config,
    worktreeRoot: configuredRoot === undefined ? bare.defaultRoot : path.resolve(bare.home, configuredRoot),
    folderTemplate: named(config.folderTemplate),
    branchTemplate: named(config.branchTemplate),
  };
}
