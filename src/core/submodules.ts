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

/** Facts of one repository: its checkout's files (when checked out) and its commits. */
async function factsOf(git: Git, gitDir: string, checkout: string | null, mainCopy: string | null, shown: string): Promise<SubmoduleFacts> {
  const [status, commits] = await Promise.all([
    // Changes inside a nested submodule are counted at its own level, not twice.
    checkout ? git.exec(["status", "--porcelain=v2", "-z", "--untracked-files=all", "--ignore-submodules=dirty"], { cwd: checkout }) : undefined,
    unsafeCommits(git, gitDir, mainCopy),
  ]);
  const counts = status === undefined ? { modified: 0, untracked: 0 } : status.exitCode === 0 ? parseStatusCounts(status.stdout) : undefined;
  return { path: shown, checkedOut: checkout !== null, modified: counts?.modified ?? null, untracked: counts?.untracked ?? null, unsafeCommits: commits, mainCopy: mainCopy !== null };
}

/**
 * Repositories nested in a checkout by hand (`git add` of a folder holding its own `.git` folder):
 * git records them as submodules, but their whole history lives inside the worktree. null: unknown.
 */
async function embeddedIn(git: Git, checkout: string): Promise<string[] | null> {
  const out = await git.exec(["ls-files", "-z", "--stage"], { cwd: checkout });
  if (out.exitCode !== 0) return null;
  const gitlinks = out.stdout
    .split("\0")
    .filter((l) => l.startsWith("160000 "))
    .map((l) => l.slice(l.indexOf("\t") + 1));
  const found: string[] = [];
  for (const p of gitlinks) if (await isDir(path.join(checkout, p, ".git"))) found.push(p);
  return found;
}

const UNKNOWN = (shown: string): SubmoduleFacts => ({ path: shown, checkedOut: false, modified: null, untracked: null, unsafeCommits: null });

/**
 * Every repository a removal of this worktree would delete besides the worktree's own files, with
 * what is at stake in each: the submodule repositories under its admin folder (nested ones too,
 * checked out or not) and repositories nested in it by hand. `worktreePath` should be the real path
 * (symlinks resolved), as git records core.worktree.
 */
export async function submoduleFacts(git: Git, adminDir: string, worktreePath: string, commonDir: string): Promise<SubmoduleFacts[]> {
  const modules = path.join(adminDir, "modules");
  const repos = (await isDir(modules)) ? await repositoriesUnder(modules) : [];
  if (repos === null) return [UNKNOWN("modules/")];
  const judged = await Promise.all(
    repos.map(async (rel) => {
      const gitDir = path.join(modules, ...rel.split("/"));
      const main = path.join(commonDir, "modules", ...rel.split("/"));
      const [checkout, mainCopy] = await Promise.all([checkoutOf(git, gitDir), isGitDir(main).then((yes) => (yes ? main : null))]);
      return { checkout, facts: await factsOf(git, gitDir, checkout, mainCopy, displayPath(worktreePath, checkout, rel)) };
    }),
  );
  // In the worktree and in each checked-out submodule: repositories nested by hand.
  const checkouts = [worktreePath, ...judged.flatMap((j) => (j.checkout ? [j.checkout] : []))];
  const nestedByHand = await Promise.all(
    checkouts.map(async (dir) => {
      const found = await embeddedIn(git, dir);
      if (found === null) return [UNKNOWN(displayPath(worktreePath, dir, "?"))];
      return Promise.all(found.map((p) => factsOf(git, path.join(dir, p, ".git"), path.join(dir, p), null, displayPath(worktreePath, path.join(dir, p), p))));
    }),
  );
  return [...judged.map((j) => j.facts), ...nestedByHand.flat()];
}

export interface FillResult {
  /** Submodules checked out in the new worktree, nested ones as "vendor/lib/nested". */
  readonly filled: readonly string[];
  readonly notFilled: readonly { readonly path: string; readonly reason: string }[];
}

/** `submodule.<name>.path` entries of a checkout's .gitmodules, in file order. */
async function declaredSubmodules(git: Git, dir: string): Promise<{ name: string; path: string }[]> {
  const out = await git.exec(["config", "-f", ".gitmodules", "-z", "--get-regexp", "^submodule\\..*\\.path$"], { cwd: dir });
  if (out.exitCode !== 0) return [];
  return out.stdout
    .split("\0")
    .filter(Boolean)
    .map((entry) => {
      const [key = "", value = ""] = entry.split("\n");
      return { name: key.slice("submodule.".length, -".path".length), path: value };
    });
}

/** A name cwt can turn into a folder under modules/ and a `-c` key without surprises (git checks names more loosely). */
function usableName(name: string): boolean {
  return name !== "" && !/[\0-\x1f\x7f=]/.test(name) && !path.isAbsolute(name) && !name.split(/[\\/]/).includes("..");
}

const LOCAL = ["-c", "protocol.file.allow=always"];

/**
 * Checks out the submodules of a new worktree (nested ones too) from the main checkout's own copies
 * (`<common>/modules/<name>`), never from the network: git clones them from that local copy
 * (sharing its objects by hard links where it can), then points them back at their real remote and
 * copies the main copy's remote-tracking branches, so they look as if cloned from it. A submodule
 * the main checkout has not initialised, or whose recorded commit its copy lacks, is left empty
 * and named.
 */
export async function fillSubmodules(git: Git, worktreePath: string, commonDir: string, options: { signal?: AbortSignal | undefined; sparse?: boolean } = {}): Promise<FillResult | null> {
  const { signal } = options;
  if ((await lstat(path.join(worktreePath, ".gitmodules")).catch(() => undefined)) === undefined) return null;
  const filled: string[] = [];
  const notFilled: { path: string; reason: string }[] = [];
  const level = async (dir: string, prefix: string, copies: string): Promise<void> => {
    let declared = await declaredSubmodules(git, dir);
    // A sparse worktree's own folders only: git marks the others skip-worktree ("S").
    if (options.sparse && prefix === "" && declared.length > 0) {
      const tagged = await git.exec(["ls-files", "-t", "-z", "--", ...declared.map((d) => `:(literal)${d.path}`)], { cwd: dir });
      const outside = new Set(tagged.stdout.split("\0").flatMap((e) => (e.startsWith("S ") ? [e.slice(2)] : [])));
      declared = declared.filter((d) => !outside.has(d.path));
    }
    for (const sub of declared) {
      const shown = `${prefix}${sub.path}`;
      if (signal?.aborted) {
        notFilled.push({ path: shown, reason: "interrupted" });
        continue;
      }
      if (!usableName(sub.name) || sub.path.startsWith("-")) {
        notFilled.push({ path: shown, reason: "its name in .gitmodules is not one cwt will use" });
        continue;
      }
      const mainCopy = path.join(copies, ...sub.name.split("/"));
      if (!(await isGitDir(mainCopy))) {
        notFilled.push({ path: shown, reason: "the main checkout has not initialised it, and cwt does not fetch" });
        continue;
      }
      // init first, without the override, so the config keeps the real URL (resolved as git does).
      await git.exec(["submodule", "init", "-q", "--", sub.path], { cwd: dir });
      const real = await git.exec(["config", "--get", `submodule.${sub.name}.url`], { cwd: dir });
      const update = await git.exec([...LOCAL, "-c", `submodule.${sub.name}.url=${mainCopy}`, "submodule", "update", "--init", "--checkout", "--no-recommend-shallow", "--", sub.path], { cwd: dir });
      if (update.exitCode !== 0) {
        const said = update.stderr.trim().split("\n").find((l) => /^(fatal|error):/.test(l)) ?? update.stderr.trim().split("\n")[0] ?? "";
        notFilled.push({ path: shown, reason: `the main checkout's copy could not fill it (git: ${said.replace(/^(fatal|error): /, "")})` });
        continue;
      }
      const checkout = path.join(dir, sub.path);
      // Point it back at its real remote, with the main copy's view of that remote's branches.
      const remotes = (await git.exec(["remote"], { cwd: checkout })).stdout.split("\n").filter(Boolean);
      if (real.exitCode === 0 && remotes.length === 1 && remotes[0]) {
        await git.exec(["remote", "set-url", remotes[0], real.stdout.trim()], { cwd: checkout });
      }
      await git.exec([...LOCAL, "fetch", "-q", "--prune", "--no-tags", "--end-of-options", mainCopy, "+refs/remotes/*:refs/remotes/*"], { cwd: checkout });
      filled.push(shown);
      await level(checkout, `${shown}/`, path.join(mainCopy, "modules"));
    }
  };
  await level(worktreePath, "", path.join(commonDir, "modules"));
  return { filled, notFilled };
}
