// Where Claude Code keeps its per-user files. On its own so that reading sessions (cwt list, prune)
// does not load the settings parser (settings-sources.ts and jsonc-parser).
import path from "node:path";
import type { Deps } from "../deps.ts";

/** `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function claudeConfigDir(env: Deps["env"]): string | undefined {
  if (env.CLAUDE_CONFIG_DIR && path.isAbsolute(env.CLAUDE_CONFIG_DIR)) return env.CLAUDE_CONFIG_DIR;
  return env.HOME && path.isAbsolute(env.HOME) ? path.join(env.HOME, ".claude") : undefined;
}
