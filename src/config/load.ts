// Reads the team's cwt.config.json and the per-user config. Untrusted input: bounded size,
// regular files only (a FIFO would hang a read), strict UTF-8, every issue reported at once.
import { open } from "node:fs/promises";
import { constants } from "node:fs";
import path from "node:path";
import type { Env } from "../deps.ts";
import { ConfigError } from "../errors.ts";
import { type Config, type ConfigFile, mergeConfig, parseConfigText } from "./schema.ts";

export const TEAM_CONFIG_FILE = "cwt.config.json";
const MAX_BYTES = 1024 * 1024;

export function userConfigPath(env: Env): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "cwt", "config.json");
  const home = env.HOME;
  return home && path.isAbsolute(home) ? path.join(home, ".config", "cwt", "config.json") : undefined;
}

/** Reads a bounded, regular, UTF-8 text file; undefined when it does not exist. */
export async function loadTextFile(file: string, maxBytes = MAX_BYTES): Promise<string | undefined> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not block; the isFile() check below then rejects it.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new ConfigError(file, [`cannot be read (${code ?? "error"})`], { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ConfigError(file, ["is not a regular file"]);
    if (stat.size > maxBytes) throw new ConfigError(file, [`is larger than ${maxBytes} bytes`]);
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes) throw new ConfigError(file, [`is larger than ${maxBytes} bytes`]);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new ConfigError(file, ["is not valid UTF-8"]);
    }
  } finally {
    await handle.close();
  }
}

async function loadConfigFile(file: string): Promise<ConfigFile | undefined> {
  const text = await loadTextFile(file);
  if (text === undefined) return undefined;
  const result = parseConfigText(text);
  if (!result.ok) throw new ConfigError(file, result.issues);
  return result.config;
}

/**
 * The effective config: defaults, then the per-user file, then the team's file. The team's
 * committed rules win over personal ones (as a repository's git config wins over the global).
 */
export async function loadConfig(mainRoot: string, env: Env): Promise<Config> {
  const userFile = userConfigPath(env);
  const [user, team] = await Promise.all([
    userFile ? loadConfigFile(userFile) : undefined,
    loadConfigFile(path.join(mainRoot, TEAM_CONFIG_FILE)),
  ]);
  return mergeConfig(user, team);
}
