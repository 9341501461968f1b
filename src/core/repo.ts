// Finds the repository from any folder inside the main checkout or a linked worktree.
import { realpath } from "node:fs/promises";
import type { Deps } from "../deps.ts";
import { EnvironmentError, NotFoundError } from "../errors.ts";
import { Git } from "../git/client.ts";
import { parseWorktreeList, type WorktreeEntry } from "../git/parse-worktrees.ts";
export { isInside } from "../policy/paths.ts";
import { isSupportedGit, MIN_GIT_VERSION, parseGitVersion } from "../git/version.ts";

export interface Repo {
  readonly git: Git;
  /** The main checkout's root. */
  readonly mainRoot: string;
  /** git's common directory (`.git` of the main checkout), shared by all worktrees. */
  readonly commonDir: string;
  /** The git directory of the worktree cwt was started in. */
  readonly gitDir: string;
  /** Every worktree git knows, the main checkout first. */
  readonly entries: readonly WorktreeEntry[];
}

export async function openRepo(deps: Pick<Deps, "cwd" | "env" | "signal">): Promise<Repo> {
  const git = new Git(deps.cwd, deps.env, deps.signal);
  const [revParse, list] = await Promise.all([
    git.exec(["rev-parse", "--path-format=absolute", "--git-common-dir", "--git-dir"]),
    git.exec(["worktree", "list", "--porcelain", "-z"]),
  ]);
  // Only when something failed is git's version asked (one process fewer on every run): a git
  // older than cwt needs fails exactly here, and then gets the message that says so.
  if (revParse.exitCode !== 0 || list.exitCode !== 0) await requireSupportedGit(git);
  if (revParse.exitCode !== 0) {
    const said = revParse.stderr.trim().split("\n")[0]?.replace(/^fatal: /, "") ?? "";
    throw new NotFoundError("NOT_A_REPO", `not inside a git repository: ${deps.cwd}${said ? ` (git: ${said})` : ""}`, {
      hint: "run cwt from inside the main checkout or one of its worktrees",
    });
  }
  const [commonDir, gitDir] = revParse.stdout.split("\n");
  if (list.exitCode !== 0 || !commonDir || !gitDir) {
    throw new EnvironmentError("GIT_UNUSABLE", `git worktree list failed: ${list.stderr.trim()}`);
  }
  const entries = parseWorktreeList(list.stdout);
  const main = entries[0];
  if (!main || main.bare) {
    throw new EnvironmentError("BARE_REPO", "bare repositories are not supported yet: cwt needs a main checkout", {
      hint: "run cwt in a repository with a working tree (git clone without --bare)",
    });
  }
  const mainRoot = main.path;
  return {
    git: new Git(mainRoot, deps.env, deps.signal),
    mainRoot,
    commonDir: await realpath(commonDir).catch(() => commonDir),
    gitDir: await realpath(gitDir).catch(() => gitDir),
    entries,
  };
}

/** git's version, e.g. "2.39.5"; throws when git is unusable or older than cwt needs. */
export async function requireSupportedGit(git: Git): Promise<string> {
  const version = await git.exec(["--version"]);
  const parsed = parseGitVersion(version.stdout);
  if (version.exitCode !== 0 || !parsed) {
    throw new EnvironmentError("GIT_UNUSABLE", `git --version failed: ${version.stderr.trim() || "no version printed"}`);
  }
  if (!isSupportedGit(parsed)) {
    throw new EnvironmentError("GIT_TOO_OLD", `git ${parsed.join(".")} is too old: cwt needs git ${MIN_GIT_VERSION.join(".")} or newer`, {
      hint: "upgrade git (macOS: brew install git; Debian/Ubuntu: a newer git package or the git-core PPA)",
    });
  }
  return parsed.join(".");
}

/** The same repository with git's current list of worktrees (after this process changed it). */
export async function reloadEntries(repo: Repo): Promise<Repo> {
  const entries = parseWorktreeList(await repo.git.run(["worktree", "list", "--porcelain", "-z"]));
  return { ...repo, entries };
}
