// File-system guards shared by the commands that write: symlinked folders, git's exclude file.
import { appendFile, lstat, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RefusedError } from "../errors.ts";
import { isInside } from "./repo.ts";

/**
 * Refuses when any existing folder between the main checkout and `target` is a symlink: a
 * committed symlink at `.claude` or `.claude/worktrees` could send writes outside the repository
 * (Claude Code refuses the same, claude-code.md §1 and CL 2.1.212).
 */
export async function requireNoSymlinks(mainRoot: string, target: string): Promise<void> {
  if (!isInside(target, mainRoot)) return;
  let current = mainRoot;
  for (const part of path.relative(mainRoot, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    let info;
    try {
      info = await lstat(current);
    } catch {
      return; // does not exist yet: nothing further down exists either
    }
    if (info.isSymbolicLink()) {
      throw new RefusedError("SYMLINKED_PATH", `${path.relative(mainRoot, current)} is a symlink: cwt will not create worktrees through it`, {
        hint: `replace the symlink ${current} with a real folder`,
      });
    }
    if (!info.isDirectory()) {
      throw new RefusedError("NOT_A_FOLDER", `${current} exists and is not a folder`);
    }
  }
}

/**
 * Makes sure git ignores the worktree root in the main checkout, through `<common dir>/info/exclude`
 * (never by editing a tracked file). Returns true when a line was added.
 */
export async function ensureExcluded(commonDir: string, mainRoot: string, root: string): Promise<boolean> {
  if (!isInside(root, mainRoot) || root === mainRoot) return false;
  const rel = path.relative(mainRoot, root).split(path.sep).join("/");
  const line = `/${rel}/`;
  const file = path.join(commonDir, "info", "exclude");
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch {
    // created below
  }
  if (text.split(/\r?\n/).some((l) => l.trim() === line || l.trim() === `/${rel}` || l.trim() === `${rel}/`)) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const prefix = text === "" || text.endsWith("\n") ? "" : "\n";
  await appendFile(file, `${prefix}# added by cwt: worktrees live here\n${line}\n`);
  return true;
}
