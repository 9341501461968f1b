// Finds the repository from any folder inside the main checkout or a linked worktree, including
// the linked worktrees of a bare repository (issue #12).
import { realOrSelf } from "../io/real-path.ts";
import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Deps } from "../deps.ts";
import { EnvironmentError, NotFoundError } from "../errors.ts";
import { Git } from "../git/client.ts";
import { parseWorktreeList, type WorktreeEntry } from "../git/parse-worktrees.ts";
import { readBoundedText } from "../io/read-bounded.ts";
export { isInside } from "../policy/paths.ts";
import { isSupportedGit, MIN_GIT_VERSION, parseGitVersion } from "../git/version.ts";

/**
 * Where a bare repository's worktrees go, fixed whichever of them cwt runs from. Two layouts:
 * (a) `project/.bare` (or a bare `project/.git`) named by `project/.git`, worktrees beside it in
 * `project/`; (b) `~/src/repo.git` alone, worktrees wherever `git worktree add` put them.
 */
export interface BareLayout {
  /** The folder that holds the bare repository (`project/`, `~/src`): a relative worktreeRoot resolves against it. */
  readonly home: string;
  /** The repository's name (`{repo}` in templates): `project` in (a), `repo` in (b). */
  readonly name: string;
  /**
   * The default worktree root: (a) the home itself, beside `main`; (b) `<home>/<name>.worktrees`,
   * a folder of its own, because the home of a `repo.git` is usually shared by many repositories.
   */
  readonly defaultRoot: string;
}

export interface Repo {
  /** Runs in the main checkout; in a bare repository in the bare repository itself (never removed). */
  readonly git: Git;
  /**
   * The checkout whose tracked files cwt reads (cwt.config.json, .worktreeinclude and the files it
   * copies, .claude/settings*.json): the main checkout; in a bare repository, which has none, the
   * linked worktree cwt runs in. Which worktree must never be removed is `Worktree.isMain`, not
   * this field: in a bare repository no worktree is the main checkout.
   */
  readonly mainRoot: string;
  /** Set when the repository is bare: there is no main checkout, and this says where worktrees go. */
  readonly bare: BareLayout | undefined;
  /** git's common directory (`.git` of the main checkout, or the bare repository), shared by all worktrees. */
  readonly commonDir: string;
  /** The git directory of the worktree cwt was started in. */
  readonly gitDir: string;
  /**
   * Every worktree git knows, the main checkout first. In a bare repository the first is the bare
   * repository itself, which `loadInventory` never lists as a worktree; its `head` and `branch`
   * are the bare repository's HEAD (git does not print them), the default base of new worktrees.
   */
  readonly entries: readonly WorktreeEntry[];
}

export async function openRepo(deps: Pick<Deps, "cwd" | "env" | "signal">): Promise<Repo> {
  const git = new Git(deps.cwd, deps.env, deps.signal);
  const [revParse, list] = await Promise.all([
    git.exec(["rev-parse", "--path-format=absolute", "--git-common-dir", "--git-dir"]),
    listWorktreesOf(git),
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
  const [rawCommonDir, rawGitDir] = revParse.stdout.split("\n");
  if (list.exitCode !== 0 || !rawCommonDir || !rawGitDir) {
    throw new EnvironmentError("GIT_UNUSABLE", `git worktree list failed: ${list.stderr.trim()}`);
  }
  const entries = parseWorktreeList(list.stdout);
  const main = entries[0];
  if (!main) throw new EnvironmentError("GIT_UNUSABLE", "git worktree list printed no worktree at all");
  const [commonDir, gitDir] = await Promise.all([realOrSelf(rawCommonDir), realOrSelf(rawGitDir)]);
  if (main.bare) return openBare(deps, { commonDir, gitDir, entries });
  const mainRoot = main.path;
  return { git: new Git(mainRoot, deps.env, deps.signal), mainRoot, bare: undefined, commonDir, gitDir, entries };
}

/** A bare repository, from one of its linked worktrees; inside the bare repository itself cwt cannot work. */
async function openBare(deps: Pick<Deps, "cwd" | "env" | "signal">, found: Pick<Repo, "commonDir" | "gitDir" | "entries">): Promise<Repo> {
  const { commonDir, gitDir } = found;
  const git = new Git(commonDir, deps.env, deps.signal);
  const here = gitDir === commonDir ? undefined : await worktreeOfAdminDir(gitDir);
  if (here === undefined) {
    // The worktree on the repository's HEAD branch is the likeliest "main" one to suggest.
    const entries = await withBareHead(git, found.entries);
    const headBranch = entries[0]?.branch;
    const linked = entries.filter((e) => !e.bare && e.prunableReason === undefined);
    const suggested = linked.find((e) => headBranch !== undefined && e.branch === headBranch) ?? linked[0];
    throw new EnvironmentError("BARE_REPO", `${commonDir} is a bare repository (no files of its own) and ${deps.cwd} is in none of its worktrees: run cwt from one of them`, {
      hint: suggested ? `cd ${suggested.path}` : `make one first: git -C ${commonDir} worktree add <folder> <branch>`,
    });
  }
  const [bare, entries] = await Promise.all([bareLayout(commonDir), withBareHead(git, found.entries)]);
  return { git, mainRoot: here, bare, commonDir, gitDir, entries };
}

/** The worktree whose admin folder this is, from the `gitdir` file git keeps there (`<worktree>/.git`). */
async function worktreeOfAdminDir(adminDir: string): Promise<string | undefined> {
  const read = await readBoundedText(path.join(adminDir, "gitdir"), 64 * 1024);
  const pointer = read.kind === "text" ? read.text.trim() : "";
  return path.isAbsolute(pointer) ? path.dirname(pointer) : undefined;
}

/** Layout (a) when the folder around the bare repository names it as its `.git`; else layout (b). */
async function bareLayout(commonDir: string): Promise<BareLayout> {
  const home = path.dirname(commonDir);
  const dotGit = path.join(home, ".git");
  let named = (await realpath(dotGit).catch(() => undefined)) === commonDir;
  if (!named) {
    const read = await readBoundedText(dotGit, 64 * 1024);
    const pointer = read.kind === "text" ? read.text.trimEnd() : "";
    if (pointer.startsWith("gitdir: ") && !pointer.includes("\n")) {
      named = (await realpath(path.resolve(home, pointer.slice("gitdir: ".length))).catch(() => undefined)) === commonDir;
    }
  }
  if (named) return { home, name: path.basename(home), defaultRoot: home };
  const own = path.basename(commonDir);
  const name = own.endsWith(".git") && own.length > ".git".length ? own.slice(0, -".git".length) : own;
  return { home, name, defaultRoot: path.join(home, `${name}.worktrees`) };
}

/** git prints no HEAD for a bare repository: its HEAD (branch and commit) filled in, or left empty when unborn. */
async function withBareHead(git: Git, entries: readonly WorktreeEntry[]): Promise<WorktreeEntry[]> {
  const [first, ...rest] = entries;
  if (!first?.bare) return [...entries];
  const [commit, ref] = await Promise.all([
    git.exec(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]),
    git.exec(["symbolic-ref", "--quiet", "HEAD"]),
  ]);
  const head = commit.exitCode === 0 ? commit.stdout.trim() : undefined;
  const full = ref.exitCode === 0 ? ref.stdout.trim() : "";
  const branch = full.startsWith("refs/heads/") ? full.slice("refs/heads/".length) : undefined;
  return [{ ...first, head, branch }, ...rest];
}

/** Where the repository is, the same from every worktree: the main checkout, or the bare repository. */
export function repositoryPath(repo: Pick<Repo, "bare" | "mainRoot" | "commonDir">): string {
  return repo.bare ? repo.commonDir : repo.mainRoot;
}

/**
 * `git worktree list`, asked again (up to twice, 50 ms apart) when it fails: another cwt or git may
 * be adding or removing a worktree at that moment, its admin folder half-written or half-deleted.
 */
async function listWorktreesOf(git: Git): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let out = await git.exec(["worktree", "list", "--porcelain", "-z"]);
  for (let retry = 0; retry < 2 && out.exitCode !== 0; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    out = await git.exec(["worktree", "list", "--porcelain", "-z"]);
  }
  return out;
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
  const list = await listWorktreesOf(repo.git);
  if (list.exitCode !== 0) throw new EnvironmentError("GIT_UNUSABLE", `git worktree list failed: ${list.stderr.trim()}`);
  const entries = parseWorktreeList(list.stdout);
  return { ...repo, entries: repo.bare ? await withBareHead(repo.git, entries) : entries };
}
