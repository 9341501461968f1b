// Pure: is one entry of `sparsePaths` (cwt.config.json) or `worktree.sparsePaths` (Claude Code's
// settings) a folder git's cone mode can take? Both are untrusted: they come from files anyone
// can commit, and end up as arguments of `git sparse-checkout set --cone`.
import { hasControlChars } from "./text.ts";

export const MAX_SPARSE_PATHS = 1000;
const MAX_LENGTH = 4096;

/** Why `entry` is not a usable folder path, or undefined when it is. */
export function sparsePathProblem(entry: string): string | undefined {
  if (entry.length === 0) return "must not be empty";
  if (entry.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (hasControlChars(entry)) return "must not contain control characters";
  if (entry.startsWith("-")) return "must not start with '-'";
  if (entry.startsWith("/") || /^[A-Za-z]:/.test(entry)) return "must be a folder relative to the repository root, not an absolute path";
  // git's own cone-mode checks refuse these as patterns; say so before anything is written.
  if (entry.startsWith("!") || /[*?[\]\\]/.test(entry)) return "must be a folder path, not a pattern (no * ? [ ] \\ or leading !)";
  const segments = entry.replace(/\/$/, "").split("/");
  if (segments.includes("..")) return "must not contain '..'";
  if (segments.some((s) => s === "" || s === ".")) return "must not contain empty or '.' segments";
  if (segments.some((s) => s.toLowerCase() === ".git")) return "must not name a .git folder";
  return undefined;
}

/** `a/b/` and `a/b` are the same folder for git; records and messages show the second. */
export function normalizeSparsePath(entry: string): string {
  return entry.replace(/\/$/, "");
}
