// Reads the team's cwt.config.json and the per-user config. Untrusted input: bounded size,
// regular files only, strict UTF-8, every issue reported at once.
import path from "node:path";
import type { Env } from "../deps.ts";
import { ConfigError } from "../errors.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import { type BarePlaces, type Config, forBareRepository, mergeConfig } from "./defaults.ts";
import type { ConfigFile } from "./schema.ts";

export const TEAM_CONFIG_FILE = "cwt.config.json";
const MAX_BYTES = 1024 * 1024;

/** cwt's per-user folder: `$XDG_CONFIG_HOME/cwt`, else `~/.config/cwt` (undefined: neither is an absolute path). */
export function userConfigDir(env: Env): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "cwt");
  const home = env.HOME;
  return home && path.isAbsolute(home) ? path.join(home, ".config", "cwt") : undefined;
}

export function userConfigPath(env: Env): string | undefined {
  const dir = userConfigDir(env);
  return dir === undefined ? undefined : path.join(dir, "config.json");
}

async function loadConfigFile(file: string): Promise<ConfigFile | undefined> {
  const read = await readBoundedText(file, MAX_BYTES);
  if (read.kind === "missing") return undefined;
  if (read.kind === "problem") throw new ConfigError(file, [read.problem]);
  const { parseConfigText } = await import("./schema.ts");
  const result = parseConfigText(read.text);
  if (!result.ok) throw new ConfigError(file, result.issues);
  return result.config;
}

export interface LoadedConfig {
  /** The effective config: defaults, then the per-user file, then the team's file. */
  readonly config: Config;
  readonly teamFile: string;
  readonly team: ConfigFile | undefined;
  readonly user: ConfigFile | undefined;
}

/**
 * The team's committed rules win over personal ones (as a repository's git config wins over
 * the global one). Both files are validated before any command acts. The team's file is the one
 * in `mainRoot`: the main checkout, or in a bare repository the worktree cwt runs in (`bare`).
 */
export async function loadConfig(mainRoot: string, env: Env, bare?: BarePlaces): Promise<LoadedConfig> {
  const userFile = userConfigPath(env);
  const teamFile = path.join(mainRoot, TEAM_CONFIG_FILE);
  const [user, team] = await Promise.all([userFile ? loadConfigFile(userFile) : undefined, loadConfigFile(teamFile)]);
  if (team?.claudeCommand !== undefined) {
    throw new ConfigError(teamFile, ["claudeCommand: may only be set in the per-user config (a committed command would run on every teammate's machine)"]);
  }
  if (user?.guard !== undefined && userFile) {
    throw new ConfigError(userFile, [`guard: may only be set in the team's ${TEAM_CONFIG_FILE} (the edit guard's rules bind every session of the team)`]);
  }
  if (user?.postCreate !== undefined && userFile) {
    throw new ConfigError(userFile, [
      `postCreate: may only be set in a repository's ${TEAM_CONFIG_FILE} (this file applies to every repository; each user approves a repository's list once before it runs)`,
    ]);
  }
  const config = mergeConfig(user, team);
  return { config: bare ? forBareRepository(config, team?.worktreeRoot ?? user?.worktreeRoot, bare) : config, teamFile, team, user };
}

/**
 * Only the team's cwt.config.json, validated: what the edit guard needs (its rules come from that
 * file alone), without the per-user file's problems blocking it.
 */
export async function loadTeamConfig(mainRoot: string): Promise<ConfigFile | undefined> {
  return loadConfigFile(path.join(mainRoot, TEAM_CONFIG_FILE));
}
