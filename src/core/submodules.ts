// The submodules of a linked worktree, as its removal would delete them. git keeps a linked
// worktree's submodule repositories under its own admin folder (`<common>/worktrees/<id>/modules/`),
// and `git worktree remove --force` deletes them with the worktree: every commit only they hold is
// lost with them. So each one (nested ones too, and git data with no checkout) is judged as strictly
// as the worktree itself: its files, and its commits against its remote-tracking branches and the
// main checkout's copy of the same submodule (`<common>/modules/<same name>`).
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git/client.ts";
import { parseStatusCounts } from "../git/parse-status.ts";
import type { SubmoduleFacts } from "../policy/removal.ts";

/** git's words when it refuses to remove a worktree with submodules (git 2.17 to today). */
export const SUBMODULE_REFUSAL = /containing submodules cannot be moved or removed/;

/** Deeper or more than this is not a layout git makes: cwt calls it unknown rather than walk on. */
const MAX_DEPTH = 16;
const MAX_REPOSITORIES = 500;

async function isDir(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined))?.isDirectory() ?? false;
}

async function isGitDir(p: string): Promise<boolean> {
  const [head, objects] = await Promise.all([lstat(path.join(p, "HEAD")).catch(() => undefined), isDir(path.join(p, "objects"))]);
  return (head?.isFile() ?? false) && objects;
}

/** Whether the worktree has submodule git data of its own at all (one stat: the common case pays nothing more). */
export function hasSubmoduleData(adminDir: string): Promise<boolean> {
  return isDir(path.join(adminDir, "modules"));
}

/**
 * The repositories under a `modules/` folder, as paths relative to it (`vendor/lib`,
 * `vendor/lib/modules/nested`). A submodule's name may contain slashes, so any folder that is not
 * a repository is walked into. Symlinks are never followed. Returns null past the limits.
 */
export async function repositoriesUnder(modulesDir: string): Promise<string[] | null> {
  const found: string[] = [];
  const walk = async (dir: string, rel: string, depth: number): Promise<boolean> => {
    if (depth > MAX_DEPTH || found.length > MAX_REPOSITORIES) return false;
    if (rel !== "" && (await isGitDir(dir))) {
      found.push(rel);
      const nested = path.join(dir, "modules");
      return !(await isDir(nested)) || walk(nested, `${rel}/modules`, depth + 1);
    }
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory() && !(await walk(path.join(dir, e.name), rel === "" ? e.name : `${rel}/${e.name}`, depth + 1))) return false;
    }
    return true;
  };
  return (await walk(modulesDir, "", 0)) ? found : null;
}

/** Commits the submodule at `gitDir` holds that are on no remote-tracking branch and not in `mainCopy`; null: unknown. */
async function unsafeCommits(git: Git, gitDir: string, mainCopy: string | null): Promise<number | null> {
  let tips: string[] = [];
  if (mainCopy) {
    // HEAD too: the main checkout's submodule usually sits on a detached HEAD, no branch.
    // Unreadable: no tips, so its commits count as unsafe.
    const shown = await git.exec([`--git-dir=${mainCopy}`, "show-ref", "--head", "-s"]);
    tips = shown.exitCode === 0 ? shown.stdout.split("\n").filter((l) => /^[0-9a-f]{40,64}$/.test(l)) : [];
  }
  // --all is every ref and HEAD (branches, tags, a stash); a tip this copy lacks is skipped, which
  // can only count a commit as unsafe, never as safe.
  const out = await git.exec([`--git-dir=${gitDir}`, "rev-list", "--count", "--ignore-missing", "--all", "--not", "--remotes", ...tips]);
  if (out.exitCode !== 0) return null;
  const n = Number(out.stdout.trim());
  return Number.isInteger(n) ? n : null;
}

/** Where a submodule repository is checked out (its core.worktree), or null when it is not. */
async function checkoutOf(git: Git, gitDir: string): Promise<string | null> {
  const out = await git.exec([`--git-dir=${gitDir}`, "config", "--get", "core.worktree"]);
  if (out.exitCode !== 0) return null;
  const dir = path.resolve(gitDir, out.stdout.trim());
  return (await isDir(dir)) && (await lstat(path.join(dir, ".git")).catch(() => undefined)) !== undefined ? dir : null;
}

function displayPath(worktreePath: string, checkout: string | null, rel: string): string {
  if (checkout) {
    const inside = path.relative(worktreePath, checkout);
    if (inside !== "" && !inside.startsWith("..") && !path.isAbsolute(inside)) return inside.split(path.sep).join("/");
  }
  return rel.replace(/\/modules\//g, "/");
}

/**
 * Every submodule repository a removal of this worktree would delete, with what is at stake in each.
 * `worktreePath` should be the real path (symlinks resolved), as git records core.worktree.
 */
export async function submoduleFacts(git: Git, adminDir: string, worktreePath: string, commonDir: string): Promise<SubmoduleFacts[]> {
  const modules = path.join(adminDir, "modules");
  const repos = await repositoriesUnder(modules);
  if (repos === null) return [{ path: "modules/", checkedOut: false, modified: null, untracked: null, unsafeCommits: null }];
  return Promise.all(
    repos.map(async (rel): Promise<SubmoduleFacts> => {
      const gitDir = path.join(modules, ...rel.split("/"));
      const main = path.join(commonDir, "modules", ...rel.split("/"));
      const [checkout, mainCopy] = await Promise.all([checkoutOf(git, gitDir), isGitDir(main).then((yes) => (yes ? main : null))]);
      const [status, commits] = await Promise.all([
        // Changes inside a nested submodule are counted at its own level, not twice.
        checkout ? git.exec(["status", "--porcelain=v2", "-z", "--untracked-files=all", "--ignore-submodules=dirty"], { cwd: checkout }) : undefined,
        unsafeCommits(git, gitDir, mainCopy),
      ]);
      const counts = status === undefined ? { modified: 0, untracked: 0 } : status.exitCode === 0 ? parseStatusCounts(status.stdout) : undefined;
      return {
        path: displayPath(worktreePath, checkout, rel),
        checkedOut: checkout !== null,
        modified: counts?.modified ?? null,
        untracked: counts?.untracked ?? null,
        unsafeCommits: commits,
        mainCopy: mainCopy !== null,
      };
    }),
  );
}
