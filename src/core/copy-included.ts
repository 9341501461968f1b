// `.worktreeinclude`: copies the gitignored files it names from the main checkout into a new
// worktree, as Claude Code does (claude-code.md §3): only files that match a pattern AND are
// gitignored, so tracked files are never duplicated. Modes and symlinks are kept; copies use
// copy-on-write clones where the file system offers them.
import { constants } from "node:fs";
import { copyFile, lstat, mkdir, readlink, symlink } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git/client.ts";
import type { CopiedEntry } from "./records.ts";

export const INCLUDE_FILE = ".worktreeinclude";
const MAX_INCLUDE_BYTES = 1024 * 1024;
const PARALLEL = 32;

export interface CopyResult {
  readonly copied: number;
  /** Each copied file or symlink as it stands in the new worktree: [path, size, mtimeMs, ctimeMs]. */
  readonly manifest: readonly CopiedEntry[];
  /** Paths (relative) not copied, with why: already present in the new checkout, or unsafe. */
  readonly skipped: readonly { path: string; reason: string }[];
}

function nulList(output: string): string[] {
  return output.split("\0").filter((p) => p !== "");
}

/** The relative paths `.worktreeinclude` selects in the main checkout. */
export async function listIncluded(git: Git, mainRoot: string, skipRoots: readonly string[] = []): Promise<string[]> {
  const includeFile = path.join(mainRoot, INCLUDE_FILE);
  try {
    const info = await lstat(includeFile);
    if (!info.isFile() || info.size > MAX_INCLUDE_BYTES) return [];
  } catch {
    return [];
  }
  const [included, ignored] = await Promise.all([
    git.run(["ls-files", "-z", "--others", "--ignored", `--exclude-from=${includeFile}`], { cwd: mainRoot }),
    git.run(["ls-files", "-z", "--others", "--ignored", "--exclude-standard"], { cwd: mainRoot }),
  ]);
  const ignoredSet = new Set(nulList(ignored));
  // Never the worktrees themselves (a pattern such as `.claude/` would name them).
  const roots = skipRoots.map((r) => `${path.relative(mainRoot, r).split(path.sep).join("/")}/`).filter((r) => !r.startsWith("../"));
  return nulList(included).filter((p) => ignoredSet.has(p) && !roots.some((r) => p.startsWith(r)));
}

/** `onProgress(done, total)` after each batch of copies. */
export async function copyIncluded(git: Git, mainRoot: string, target: string, skipRoots: readonly string[] = [], onProgress?: (done: number, total: number) => void): Promise<CopyResult> {
  const files = await listIncluded(git, mainRoot, [...skipRoots, path.dirname(target)]);
  const skipped: { path: string; reason: string }[] = [];
  const safeDirs = new Map<string, Promise<boolean>>();

  // A folder may be created only if no existing part of it below the worktree is a symlink:
  // the new checkout may track a symlink where the main checkout has a real folder.
  const dirIsSafe = (dir: string): Promise<boolean> => {
    let known = safeDirs.get(dir);
    if (!known) {
      known = (async () => {
        if (dir === target) return true;
        if (!(await dirIsSafe(path.dirname(dir)))) return false;
        try {
          const info = await lstat(dir);
          return info.isDirectory() && !info.isSymbolicLink();
        } catch {
          await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== "EEXIST") throw e;
          });
          const info = await lstat(dir);
          return info.isDirectory() && !info.isSymbolicLink();
        }
      })();
      safeDirs.set(dir, known);
    }
    return known;
  };

  let copied = 0;
  const manifest: CopiedEntry[] = [];
  const copyOne = async (rel: string): Promise<void> => {
    const src = path.join(mainRoot, rel);
    const dst = path.join(target, rel);
    if (!(await dirIsSafe(path.dirname(dst)))) {
      skipped.push({ path: rel, reason: "its folder in the new worktree is a symlink or a file" });
      return;
    }
    const info = await lstat(src);
    try {
      if (info.isSymbolicLink()) {
        await symlink(await readlink(src), dst);
        const made = await lstat(dst);
        manifest.push([rel, made.size, made.mtimeMs, made.ctimeMs]);
      } else if (info.isFile()) {
        // COPYFILE_EXCL: never overwrite what the checkout put there. The copy gets the source's
        // mode, whatever the umask (libuv's fchmod on Linux, copyfile(3)'s metadata on macOS).
        await copyFile(src, dst, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
        const made = await lstat(dst);
        manifest.push([rel, made.size, made.mtimeMs, made.ctimeMs]);
      } else {
        skipped.push({ path: rel, reason: "not a regular file or symlink" });
        return;
      }
      copied++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") {
        skipped.push({ path: rel, reason: "already present in the new worktree" });
        return;
      }
      throw error;
    }
  };

  // PARALLEL copies in flight at all times (a slow file holds up no batch); progress every PARALLEL
  // files. After a failure no new copy starts, and the error is thrown once every copy in flight has
  // ended: the rollback that follows never races a copy still writing into the worktree.
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < files.length) {
      try {
        await copyOne(files[next++] as string);
      } catch (error) {
        failed = true;
        throw error;
      }
      if (++done % PARALLEL === 0 || done === files.length) onProgress?.(done, files.length);
    }
  };
  const ended = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
  const failure = ended.find((e): e is PromiseRejectedResult => e.status === "rejected");
  if (failure) throw failure.reason;
  return { copied, skipped, manifest };
}
