// File-system guards shared by the commands that write: symlinked folders, git's exclude file.
import { appendFile, lstat, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { RefusedError, UsageError } from "../errors.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import { isInside } from "./repo.ts";

/**
 * Refuses when any existing folder between the main checkout and `target` is a symlink: a
 * committed symlink at `.claude` or `.claude/worktrees` could send writes outside the repository
 * (Claude Code refuses the same, claude-code.md §1 and CL 2.1.212).
 */
export type RootState = { readonly kind: "ok" | "missing" } | { readonly kind: "symlink" | "not-a-folder"; readonly at: string };

/** Walks from the main checkout down to `target` (when inside it): the first symlink or non-folder. */
export async function inspectRoot(mainRoot: string, target: string): Promise<RootState> {
  if (!isInside(target, mainRoot)) return { kind: "ok" };
  let current = mainRoot;
  for (const part of path.relative(mainRoot, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (!info) return { kind: "missing" }; // nothing further down exists either
    if (info.isSymbolicLink()) return { kind: "symlink", at: current };
    if (!info.isDirectory()) return { kind: "not-a-folder", at: current };
  }
  return { kind: "ok" };
}

export async function requireNoSymlinks(mainRoot: string, target: string): Promise<void> {
  const state = await inspectRoot(mainRoot, target);
  if (state.kind === "symlink") {
    throw new RefusedError("SYMLINKED_PATH", `${path.relative(mainRoot, state.at)} is a symlink: cwt will not create worktrees through it`, {
      hint: `replace the symlink ${state.at} with a real folder`,
    });
  }
  if (state.kind === "not-a-folder") {
    throw new UsageError("ROOT_NOT_A_FOLDER", `${state.at} exists and is not a folder, so worktrees cannot go under it`, {
      hint: "check worktreeRoot in cwt.config.json",
    });
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
  const read = await readBoundedText(file, 1024 * 1024);
  if (read.kind === "problem") throw new RefusedError("EXCLUDE_UNREADABLE", `${file} ${read.problem}`);
  const text = read.kind === "text" ? read.text : "";
  if (text.split(/\r?\n/).some((l) => l.trim() === line || l.trim() === `/${rel}` || l.trim() === `${rel}/`)) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const prefix = text === "" || text.endsWith("\n") ? "" : "\n";
  await appendFile(file, `${prefix}# added by cwt: worktrees live here\n${line}\n`);
  return true;
}

/**
 * `mkdir -p`, one level at a time (Node's recursive mkdir can spin on special file systems such as
 * /proc). Returns the first folder it created, if any. A path part that exists and is no folder is
 * a usage error: worktreeRoot names something else.
 */
export async function makeFolders(target: string, mode: number): Promise<string | undefined> {
  const parts: string[] = [];
  let existing = target;
  for (;;) {
    const info = await lstat(existing).catch(() => undefined);
    if (info) {
      if (!info.isDirectory() && !(info.isSymbolicLink() && (await stat(existing).catch(() => undefined))?.isDirectory())) {
        throw new UsageError("ROOT_NOT_A_FOLDER", `${existing} exists and is not a folder, so worktrees cannot go under it`, {
          hint: "check worktreeRoot in cwt.config.json",
        });
      }
      break;
    }
    const parent = path.dirname(existing);
    if (parent === existing) break;
    parts.unshift(existing);
    existing = parent;
  }
  for (const dir of parts) {
    try {
      await mkdir(dir, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new UsageError("ROOT_UNWRITABLE", `cannot create ${dir} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { hint: "check worktreeRoot in cwt.config.json" });
      }
    }
  }
  return parts[0];
}
