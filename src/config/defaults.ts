// The effective config and its defaults. No zod here: commands that find no config file never
// load the schema (start-up time, bench/).
import type { ConfigFile } from "./schema.ts";

export interface Config {
  readonly worktreeRoot: string;
  readonly folderTemplate: string;
  readonly branchTemplate: string;
  readonly ticketPattern: string | undefined;
  readonly defaultBase: string | undefined;
  /** From the per-user config only: a committed command would run on every teammate's machine. */
  readonly claudeCommand: readonly string[] | undefined;
}

export const DEFAULT_CONFIG: Config = {
  worktreeRoot: ".claude/worktrees",
  folderTemplate: "{ticket}",
  branchTemplate: "worktree-{ticket}",
  ticketPattern: undefined,
  defaultBase: undefined,
  claudeCommand: undefined,
};

/** Later layers override earlier ones, key by key. Approvals are not merged: only the team's file counts. */
export function mergeConfig(...layers: readonly (ConfigFile | undefined)[]): Config {
  let merged: Config = DEFAULT_CONFIG;
  for (const layer of layers) {
    if (!layer) continue;
    const { $schema: _schema, approvals: _approvals, ...rest } = layer;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    merged = { ...merged, ...defined };
  }
  return merged;
}
