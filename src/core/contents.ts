// What removing a worktree would delete that `git status` does not show: ignored files the user
// made, repositories and worktrees nested anywhere inside it (ignored folders included), and
// tracked files whose edits are hidden by --assume-unchanged or --skip-worktree.
// Every ignored file counts as work unless it matches a `disposable` pattern or is an unchanged
// `.worktreeinclude` copy: an unknown file is kept, never guessed to be a build artefact.
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git/client.ts";
import type { ContentsFacts, NestedCheckout } from "../policy/removal.ts";
import { isInside } from "../policy/paths.ts";
import { realOrSelf } from "../io/real-path.ts";
import { copyStates } from "./records.ts";
import { countHiddenEntries } from "../git/parse-index.ts";

/** Beyond this many entries under ignored folders cwt stops and calls the contents unknown. */
const MAX_ENTRIES = 2_000_000;
/** How many paths a refusal names; the count says the rest. */
const SAMPLE = 5;
const HASH_CHUNK = 256;

interface Scan {
  readonly work: string[];
  workCount: number;
  readonly nested: NestedCheckout[];
  readonly disposable: string[];
  entries: number;
  newestWork: number;
}

const split = (out: string) => out.split("\0").filter(Boolean);

/** Whether `rel` ("a/b/c.txt") or a folder above it is in `set` (folders end with "/"). */
function covered(set: ReadonlySet<string>, rel: string): boolean {
  if (set.has(rel)) return true;
  for (let at = rel.indexOf("/"); at !== -1 && at < rel.length - 1; at = rel.indexOf("/", at + 1)) {
    if (set.has(rel.slice(0, at + 1))) return true;
  }
  return false;
}

/** What a `.git` inside the worktree is: one of this repository's worktrees, or another repository. */
async function nestedAt(root: string, rel: string, gitEntry: string, commonDir: string): Promise<NestedCheckout> {
  const at = rel.replace(/\/$/, "") || ".";
  const info = await lstat(gitEntry).catch(() => undefined);
  if (info?.isFile()) {
    const text = await readFile(gitEntry, "utf8").catch(() => "");
    const target = /^gitdir: (.+)$/m.exec(text)?.[1]?.trim();
    if (target) {
      const real = await realOrSelf(path.resolve(path.dirname(gitEntry), target));
      if (isInside(real, path.join(await realOrSelf(commonDir), "worktrees"))) return { path: at, kind: "worktree" };
    }
  }
  return { path: at, kind: "repository" };
}

/**
 * Walks an ignored folder (never following symlinks): every file in it is work unless disposable or an
 * unchanged copy; a `.git` marks a nested checkout, whose own files are judged by it, not here.
 */
async function walk(root: string, rel: string, scan: Scan, judge: (rel: string, mtime: number) => void, commonDir: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(path.join(root, rel), { withFileTypes: true });
  } catch {
    return false;
  }
  scan.entries += entries.length;
  if (scan.entries > MAX_ENTRIES) return false;
  if (entries.some((e) => e.name === ".git")) {
    scan.nested.push(await nestedAt(root, rel, path.join(root, rel, ".git"), commonDir));
    return true;
  }
  for (const e of entries) {
    const child = `${rel}${e.name}`;
    if (e.isDirectory()) {
      if (!(await walk(root, `${child}/`, scan, judge, commonDir))) return false;
    } else {
      const info = await lstat(path.join(root, child)).catch(() => undefined);
      judge(child, info?.mtimeMs ?? 0);
    }
  }
  return true;
}

/** Tracked files flagged assume-unchanged (lowercase tag) or skip-worktree ("S") whose file differs from the index. */
export async function hiddenEdits(git: Git, root: string): Promise<string[] | undefined> {
  const listed = await git.exec(["ls-files", "-v", "-s", "-z"], { cwd: root });
  if (listed.exitCode !== 0) return undefined;
  const flagged: { rel: string; mode: string; oid: string }[] = [];
  for (const record of split(listed.stdout)) {
    const tag = record[0] ?? "";
    if (tag === "H" || record[1] !== " ") continue;
    const m = /^\S (\d{6}) ([0-9a-f]+) \d\t(.*)$/s.exec(record);
    if (m && (tag === "S" || tag !== tag.toUpperCase())) flagged.push({ mode: m[1] ?? "", oid: m[2] ?? "", rel: m[3] ?? "" });
  }
  if (flagged.length === 0) return [];
  // A sparse checkout flags every file outside its folders, which are absent: one look per folder.
  const dirs = new Map<string, Promise<boolean>>();
  const dirExists = (d: string) => {
    let known = dirs.get(d);
    if (!known) dirs.set(d, (known = lstat(path.join(root, d)).then((s) => s.isDirectory(), () => false)));
    return known;
  };
  const present: typeof flagged = [];
  for (const f of flagged) {
    const dir = path.posix.dirname(f.rel);
    if (dir !== "." && !(await dirExists(dir))) continue;
    const info = await lstat(path.join(root, f.rel)).catch(() => undefined);
    if (info === undefined) continue; // deleted: the commit still has it
    if (f.mode === "120000" || info.isSymbolicLink()) {
      const same = f.mode === "120000" && info.isSymbolicLink() && (await linkMatches(git, root, f.rel, f.oid));
      if (!same) present.push({ ...f, oid: "" });
      continue;
    }
    present.push(f);
  }
  const changed = present.filter((f) => f.oid === "").map((f) => f.rel);
  const files = present.filter((f) => f.oid !== "");
  for (let i = 0; i < files.length; i += HASH_CHUNK) {
    const chunk = files.slice(i, i + HASH_CHUNK);
    const hashed = await git.exec(["hash-object", "--", ...chunk.map((f) => f.rel)], { cwd: root });
    if (hashed.exitCode !== 0) return undefined;
    const oids = hashed.stdout.split("\n");
    chunk.forEach((f, k) => {
      if (oids[k]?.trim() !== f.oid) changed.push(f.rel);
    });
  }
  return changed;
}

async function linkMatches(git: Git, root: string, rel: string, oid: string): Promise<boolean> {
  const [target, blob] = await Promise.all([readlink(path.join(root, rel)).catch(() => undefined), git.exec(["cat-file", "blob", oid], { cwd: root })]);
  return target !== undefined && blob.exitCode === 0 && blob.stdout === target;
}

/** git's markers of an operation in progress, in a worktree's admin folder, and how to end each. */
const IN_PROGRESS: readonly (readonly [string, string])[] = [
  ["rebase-merge", "a rebase is in progress there (finish it first: git rebase --continue, or --abort)"],
  ["rebase-apply", "a rebase or git am is in progress there (finish it first: --continue, or --abort)"],
  ["MERGE_HEAD", "a merge is in progress there (finish it first: git merge --continue, or --abort)"],
  ["CHERRY_PICK_HEAD", "a cherry-pick is in progress there (finish it first: git cherry-pick --continue, or --abort)"],
  ["REVERT_HEAD", "a revert is in progress there (finish it first: git revert --continue, or --abort)"],
  ["BISECT_LOG", "a bisect is in progress there (end it first: git bisect reset)"],
];

async function inProgress(adminDir: string | undefined): Promise<string[]> {
  if (!adminDir) return [];
  const found = await Promise.all(IN_PROGRESS.map(([name, what]) => lstat(path.join(adminDir, name)).then(() => what, () => undefined)));
  return found.filter((w): w is string => w !== undefined);
}

/**
 * How many tracked files of a worktree differ from the index while --assume-unchanged or
 * --skip-worktree hides them from git status. Its index is read first (no process): only a
 * worktree that flags entries at all costs git processes. undefined: cannot be told.
 */
export async function hiddenEditCount(git: Git, root: string, indexFile: string, head: string | undefined): Promise<number | undefined> {
  const index = await readFile(indexFile).catch(() => undefined);
  if (index === undefined) return undefined;
  const flagged = countHiddenEntries(index, head?.length === 64 ? 32 : 20);
  if (flagged === 0) return 0;
  return (await hiddenEdits(git, root))?.length;
}

export interface ContentsInput {
  readonly root: string;
  readonly adminDir: string | undefined;
  readonly commonDir: string;
  /** Untracked paths `git status` reported (a nested repository shows as its folder, "inner/"). */
  readonly untracked: readonly string[];
  /** gitignore-style patterns of ignored files that may go with a worktree (config `disposable`). */
  readonly disposable: readonly string[];
}

/** The contents facts of a present worktree; `unknown` says why they could not be established. */
export async function scanContents(git: Git, input: ContentsInput): Promise<ContentsFacts> {
  const { root } = input;
  const excludes = input.disposable.map((p) => `--exclude=${p}`);
  const [ignored, disposable, copies, hidden, operations] = await Promise.all([
    git.exec(["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"], { cwd: root }),
    excludes.length > 0 ? git.exec(["ls-files", "-z", "--others", "--ignored", "--directory", ...excludes], { cwd: root }) : undefined,
    input.adminDir ? copyStates(input.adminDir, root) : undefined,
    hiddenEdits(git, root),
    inProgress(input.adminDir),
  ]);
  const unknown = (why: string): ContentsFacts => ({
    ignoredWork: [],
    ignoredWorkCount: 0,
    nested: [],
    hiddenEdits: [],
    disposable: [],
    inProgress: operations,
    newestWork: undefined,
    unknown: why,
  });
  if (ignored.exitCode !== 0 || (disposable && disposable.exitCode !== 0)) return unknown("git could not list its ignored files");
  if (hidden === undefined) return unknown("git could not compare its files hidden by --assume-unchanged or --skip-worktree");
  const throwaway = new Set(disposable ? split(disposable.stdout) : []);
  const scan: Scan = { work: [], workCount: 0, nested: [], disposable: [], entries: 0, newestWork: 0 };
  const judge = (rel: string, mtime: number) => {
    if (covered(throwaway, rel) || copies?.unchanged.has(rel) || copies?.changed.has(rel)) return;
    scan.workCount++;
    if (scan.work.length < SAMPLE) scan.work.push(rel);
    scan.newestWork = Math.max(scan.newestWork, mtime);
  };
  // git may list a folder and, after it, folders inside it (".claude/", ".claude/worktrees/"): each is walked once.
  const walked = new Set<string>();
  for (const rel of split(ignored.stdout)) {
    if (covered(walked, rel)) continue;
    if (covered(throwaway, rel)) scan.disposable.push(rel);
    if (rel.endsWith("/")) {
      walked.add(rel);
      if (!(await walk(root, rel, scan, judge, input.commonDir))) return unknown(`its ignored folder ${rel} could not be read whole`);
    } else {
      const info = await lstat(path.join(root, rel)).catch(() => undefined);
      judge(rel, info?.mtimeMs ?? 0);
    }
  }
  for (const rel of input.untracked) {
    if (!rel.endsWith("/")) continue;
    const gitEntry = path.join(root, rel, ".git");
    if (await lstat(gitEntry).then(() => true, () => false)) scan.nested.push(await nestedAt(root, rel, gitEntry, input.commonDir));
  }
  return {
    ignoredWork: scan.work,
    ignoredWorkCount: scan.workCount,
    nested: scan.nested,
    hiddenEdits: hidden,
    disposable: scan.disposable,
    inProgress: operations,
    newestWork: scan.workCount > 0 ? scan.newestWork : undefined,
  };
}
