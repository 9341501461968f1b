// The submodules of a linked worktree, as its removal would delete them. git keeps a linked
// worktree's submodule repositories under its own admin folder (`<common>/worktrees/<id>/modules/`),
// and `git worktree remove --force` deletes them with the worktree: every commit only they hold is
// lost with them. So each one (nested ones too, and git data with no checkout) is judged as strictly
// as the worktree itself: its files, and its commits against its remote-tracking branches and the
// main checkout's copy of the same submodule (`<common>/modules/<same name>`).
import { realOrSelf } from "../io/real-path.ts";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git/client.ts";
import { parseStatusCounts } from "../git/parse-status.ts";
import { readBoundedText } from "../io/read-bounded.ts";
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

/** Holds what a repository holds (HEAD, objects or refs, of any kind): not to be walked past as an ordinary folder. */
async function looksLikeGitDir(p: string): Promise<boolean> {
  const found = await Promise.all(["HEAD", "objects", "refs"].map((n) => lstat(path.join(p, n)).then(() => true, () => false)));
  return found.some(Boolean);
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
    // A repository in a form cwt does not read (a symlinked HEAD or objects) is unknown, never empty.
    if (rel !== "" && (await looksLikeGitDir(dir))) return false;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return false; // unreadable: unknown
    }
    for (const e of entries) {
      if (e.isDirectory() && !(await walk(path.join(dir, e.name), rel === "" ? e.name : `${rel}/${e.name}`, depth + 1))) return false;
    }
    return true;
  };
  return (await walk(modulesDir, "", 0)) ? found : null;
}

/**
 * Every stash entry's commit: `refs/stash` names only the newest, the older ones live in its reflog
 * (and go with the repository). null: the reflog exists but cannot be read.
 */
async function stashCommits(gitDir: string): Promise<string[] | null> {
  const read = await readBoundedText(path.join(gitDir, "logs", "refs", "stash"), 16 * 1024 * 1024);
  if (read.kind === "missing") return [];
  if (read.kind === "problem") return null;
  return read.text.split("\n").flatMap((line) => {
    const id = line.split(" ")[1];
    return id !== undefined && /^[0-9a-f]{40,64}$/.test(id) ? [id] : [];
  });
}

/** Commits the submodule at `gitDir` holds that are on no remote-tracking branch and not in `mainCopy`; null: unknown. */
async function unsafeCommits(git: Git, gitDir: string, mainCopy: string | null): Promise<number | null> {
  const stashes = await stashCommits(gitDir);
  if (stashes === null) return null;
  let tips: string[] = [];
  if (mainCopy) {
    // HEAD too: the main checkout's submodule usually sits on a detached HEAD, no branch.
    // Unreadable: no tips, so its commits count as unsafe.
    const shown = await git.exec([`--git-dir=${mainCopy}`, "show-ref", "--head", "-s"]);
    tips = shown.exitCode === 0 ? shown.stdout.split("\n").filter((l) => /^[0-9a-f]{40,64}$/.test(l)) : [];
  }
  // --all is every ref and HEAD (branches, tags, a stash); a tip this copy lacks is skipped, which
  // can only count a commit as unsafe, never as safe.
  const out = await git.exec([`--git-dir=${gitDir}`, "rev-list", "--count", "--ignore-missing", "--all", ...stashes, "--not", "--remotes", ...tips]);
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

const UNKNOWN = (shown: string, why: string): SubmoduleFacts => ({ path: shown, checkedOut: false, modified: null, untracked: null, unsafeCommits: null, unknown: why });

/** Repositories nested by hand in `dir`, and in them, and so on (bounded), judged; unknown where git cannot list them. */
async function nestedByHandIn(git: Git, worktreePath: string, dir: string, depth = 0): Promise<SubmoduleFacts[]> {
  if (depth > MAX_DEPTH) return [UNKNOWN(displayPath(worktreePath, dir, "?"), "repositories nested deeper than cwt follows")];
  const found = await embeddedIn(git, dir);
  if (found === null) return [UNKNOWN(displayPath(worktreePath, dir, "?") || ".", "git could not list the repositories nested in it")];
  const judged = await Promise.all(
    found.map(async (p) => {
      const inner = path.join(dir, p);
      return [await factsOf(git, path.join(inner, ".git"), inner, null, displayPath(worktreePath, inner, p)), ...(await nestedByHandIn(git, worktreePath, inner, depth + 1))];
    }),
  );
  return judged.flat();
}

/**
 * Every repository a removal of this worktree would delete besides the worktree's own files, with
 * what is at stake in each: the submodule repositories under its admin folder (nested ones too,
 * checked out or not) and repositories nested in it by hand. `worktreePath` should be the real path
 * (symlinks resolved), as git records core.worktree.
 */
export async function submoduleFacts(git: Git, adminDir: string, worktreePath: string, commonDir: string): Promise<SubmoduleFacts[]> {
  const modules = path.join(adminDir, "modules");
  const repos = (await isDir(modules)) ? await repositoriesUnder(modules) : [];
  if (repos === null) return [UNKNOWN("modules/", "its submodule data is unreadable, or laid out in a way cwt does not follow")];
  const judged = await Promise.all(
    repos.map(async (rel) => {
      const gitDir = path.join(modules, ...rel.split("/"));
      const main = path.join(commonDir, "modules", ...rel.split("/"));
      const [checkout, mainCopy] = await Promise.all([checkoutOf(git, gitDir), isGitDir(main).then((yes) => (yes ? main : null))]);
      return { checkout, facts: await factsOf(git, gitDir, checkout, mainCopy, displayPath(worktreePath, checkout, rel)) };
    }),
  );
  // In the worktree (when its folder is there) and in each checked-out submodule: repositories nested by hand.
  const checkouts = [...((await isDir(worktreePath)) ? [worktreePath] : []), ...judged.flatMap((j) => (j.checkout ? [j.checkout] : []))];
  const nestedByHand = await Promise.all(checkouts.map((dir) => nestedByHandIn(git, worktreePath, dir)));
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
      // key, newline, value: only the first newline separates them (a value may hold more).
      const cut = entry.indexOf("\n");
      const key = cut < 0 ? entry : entry.slice(0, cut);
      return { name: key.slice("submodule.".length, -".path".length), path: cut < 0 ? "" : entry.slice(cut + 1) };
    });
}

/** A submodule path cwt will hand to git: relative, plain segments, nothing that reads as an option. */
function usablePath(p: string): boolean {
  return p !== "" && !p.startsWith("-") && !/[\0-\x1f\x7f]/.test(p) && !path.isAbsolute(p) && p.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
}

/** Whether `p` is a submodule (a gitlink) in the checkout's index: .gitmodules alone says nothing. */
async function isGitlink(git: Git, dir: string, p: string): Promise<boolean> {
  const out = await git.exec(["ls-files", "-s", "-z", "--", `:(literal)${p}`], { cwd: dir });
  const entries = out.stdout.split("\0").filter(Boolean);
  return out.exitCode === 0 && entries.length === 1 && entries[0]?.startsWith("160000 ") === true && entries[0].slice(entries[0].indexOf("\t") + 1) === p;
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
  const admin = await git.exec(["rev-parse", "--absolute-git-dir"], { cwd: worktreePath });
  if (admin.exitCode !== 0) return { filled: [], notFilled: [{ path: ".gitmodules", reason: "git could not read the new worktree" }] };
  const ownModules = `${await realOrSelf(admin.stdout.trim())}${path.sep}modules${path.sep}`;
  const filled: string[] = [];
  const notFilled: { path: string; reason: string }[] = [];
  const said = (out: { stderr: string }) => {
    const line = out.stderr.trim().split("\n").find((l) => /^(fatal|error):/.test(l)) ?? out.stderr.trim().split("\n")[0] ?? "";
    return line.replace(/^(fatal|error): /, "");
  };
  const level = async (dir: string, prefix: string, copies: string): Promise<void> => {
    let declared = await declaredSubmodules(git, dir);
    // A sparse worktree's own folders only: git marks the others skip-worktree ("S").
    if (options.sparse && prefix === "" && declared.length > 0) {
      const usable = declared.filter((d) => usablePath(d.path));
      const tagged = await git.exec(["ls-files", "-t", "-z", "--", ...usable.map((d) => `:(literal)${d.path}`)], { cwd: dir });
      const outside = new Set(tagged.stdout.split("\0").flatMap((e) => (e.startsWith("S ") ? [e.slice(2)] : [])));
      declared = declared.filter((d) => !outside.has(d.path));
    }
    for (const sub of declared) {
      const shown = `${prefix}${sub.path}`;
      if (signal?.aborted) {
        notFilled.push({ path: shown, reason: "interrupted" });
        continue;
      }
      // Untrusted (.gitmodules comes with the branch): a plain path that the index records as a
      // submodule, and a plain name, or nothing is run.
      if (!usableName(sub.name) || !usablePath(sub.path) || !(await isGitlink(git, dir, sub.path))) {
        notFilled.push({ path: shown, reason: "its entry in .gitmodules is not a submodule path and name cwt will use" });
        continue;
      }
      const mainCopy = path.join(copies, ...sub.name.split("/"));
      if (!(await isGitDir(mainCopy))) {
        notFilled.push({ path: shown, reason: "the main checkout has not initialised it, and cwt does not fetch" });
        continue;
      }
      // init first, without the override, so the config keeps the real URL (resolved as git does).
      const init = await git.exec(["--literal-pathspecs", "submodule", "init", "-q", "--", sub.path], { cwd: dir });
      const real = await git.exec(["config", "--get", `submodule.${sub.name}.url`], { cwd: dir });
      if (init.exitCode !== 0 || real.exitCode !== 0) {
        notFilled.push({ path: shown, reason: `git could not initialise it (git: ${said(init.exitCode !== 0 ? init : real)})` });
        continue;
      }
      const update = await git.exec(["--literal-pathspecs", ...LOCAL, "-c", `submodule.${sub.name}.url=${mainCopy}`, "submodule", "update", "--init", "--checkout", "--no-recommend-shallow", "--", sub.path], { cwd: dir });
      if (update.exitCode !== 0) {
        notFilled.push({ path: shown, reason: `the main checkout's copy could not fill it (git: ${said(update)})` });
        continue;
      }
      const checkout = path.join(dir, sub.path);
      // Only a repository git made for this worktree (under its own modules/) is touched further.
      const where = await git.exec(["rev-parse", "--show-toplevel", "--absolute-git-dir"], { cwd: checkout });
      const [top = "", gitDir = ""] = where.stdout.trim().split("\n");
      if (where.exitCode !== 0 || (await realOrSelf(top)) !== (await realOrSelf(checkout)) || !(await realOrSelf(gitDir)).startsWith(ownModules)) {
        notFilled.push({ path: shown, reason: "git did not check it out as a submodule of this worktree" });
        continue;
      }
      // Point it back at its real remote, with the main copy's view of that remote's branches. If
      // that fails, no remote at all: the main copy's own branches must never pass for pushed ones.
      const remotes = (await git.exec(["remote"], { cwd: checkout })).stdout.split("\n").filter(Boolean);
      const remote = remotes.length === 1 ? remotes[0] : undefined;
      const setUrl = remote ? await git.exec(["remote", "set-url", "--", remote, real.stdout.trim()], { cwd: checkout }) : undefined;
      const fetched = setUrl?.exitCode === 0 ? await git.exec([...LOCAL, "fetch", "-q", "--prune", "--no-tags", "--end-of-options", mainCopy, "+refs/remotes/*:refs/remotes/*"], { cwd: checkout }) : undefined;
      if (fetched?.exitCode !== 0) {
        for (const r of remotes) await git.exec(["remote", "remove", "--", r], { cwd: checkout });
        notFilled.push({ path: shown, reason: `checked out, but its remote could not be set up, so cwt removed it (git: ${said(fetched ?? setUrl ?? { stderr: "not one remote" })})` });
        continue;
      }
      filled.push(shown);
      await level(checkout, `${shown}/`, path.join(mainCopy, "modules"));
    }
  };
  await level(worktreePath, "", path.join(commonDir, "modules"));
  return { filled, notFilled };
}
