import type { Env } from "../deps.ts";

/** CWT_CLAUDE (one executable), else the per-user config's claudeCommand, else `claude`. */
export function claudeCommand(env: Env, configured: readonly string[] | undefined): readonly string[] {
  if (env.CWT_CLAUDE) return [env.CWT_CLAUDE];
  return configured && configured.length > 0 ? configured : ["claude"];
}
