// parseWorktreeList against REAL `git worktree list --porcelain -z` output from throwaway repositories.
import { hermeticEnv, tempDir } from "../../test/helpers/git-repo.ts";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { parseClaudeLock } from "../policy/claude-lock.ts";
import { type WorktreeEntry, parseWorktreeList } from "./parse-worktrees.ts";

const base = tempDir("cwt-parse-worktrees-");
const env = hermeticEnv(base);

/** Runs git and returns stdout untouched (no trimming: NULs and trailing bytes matter). */
async function git(cwd: string, args: string[]): Promise<string> {
  const r = await execa("git", args, { cwd, env, extendEnv: false, stripFinalNewline: false, stdin: "ignore" });
  return r.stdout;
}

const main = path.join(base, "main");
const wt = {
  normal: path.join(base, "wt-normal"),
  detached: path.join(base, "wt-detached"),
  lockedReason: path.join(base, "wt-locked-reason"),
  lockedBare: path.join(base, "wt-locked-no-reason"),
  gone: path.join(base, "wt-gone"),
  spaces: path.join(base, "wt with  spaces"),
  newline: path.join(base, "wt\nnewline"),
};
const LOCK_REASON = "claude session x (pid 1 start 2)";

let output = "";
let head = "";
let entries: WorktreeEntry[] = [];

beforeAll(async () => {
  mkdirSync(main);
  await git(main, ["init", "-q", "-b", "main"]);
  writeFileSync(path.join(main, "README.md"), "# test\n");
  await git(main, ["add", "-A"]);
  await git(main, ["commit", "-q", "-m", "initial"]);
  head = (await git(main, ["rev-parse", "HEAD"])).trim();
  await git(main, ["worktree", "add", "-q", "-b", "feature/auth", wt.normal]);
  await git(main, ["worktree", "add", "-q", "--detach", wt.detached]);
  await git(main, ["worktree", "add", "-q", "-b", "locked-reason", wt.lockedReason]);
  await git(main, ["worktree", "lock", "--reason", LOCK_REASON, wt.lockedReason]);
  await git(main, ["worktree", "add", "-q", "-b", "locked-no-reason", wt.lockedBare]);
  await git(main, ["worktree", "lock", wt.lockedBare]);
  await git(main, ["worktree", "add", "-q", "-b", "gone", wt.gone]);
  rmSync(wt.gone, { recursive: true, force: true });
  await git(main, ["worktree", "add", "-q", "-b", "spaced", wt.spaces]);
  await git(main, ["worktree", "add", "-q", "-b", "newline", wt.newline]);
  output = await git(main, ["worktree", "list", "--porcelain", "-z"]);
  entries = parseWorktreeList(output);
});

const entry = (p: string) => entries.find((e) => e.path === p);
const plain = { head: undefined as string | undefined, branch: undefined, bare: false, detached: false, lockReason: undefined, prunableReason: undefined };

describe("parseWorktreeList on real git output", () => {
  it("is really NUL-separated output with one record per worktree", () => {
    expect(output).toContain("\0\0");
    expect(output).not.toContain("\n\n");
    expect(entries.map((e) => e.path).sort()).toEqual([main, ...Object.values(wt)].sort());
  });

  it("lists the main checkout first", () => {
    expect(entries[0]).toEqual({ ...plain, path: main, head, branch: "main" });
  });

  it.each<[string, () => string, () => Partial<WorktreeEntry>]>([
    ["a normal worktree (branch with '/')", () => wt.normal, () => ({ head, branch: "feature/auth" })],
    ["a detached worktree", () => wt.detached, () => ({ head, detached: true })],
    ["a locked worktree with a reason", () => wt.lockedReason, () => ({ head, branch: "locked-reason", lockReason: LOCK_REASON })],
    ["a locked worktree without a reason", () => wt.lockedBare, () => ({ head, branch: "locked-no-reason", lockReason: "" })],
    ["a worktree whose folder was deleted", () => wt.gone, () => ({ head, branch: "gone", prunableReason: "gitdir file points to non-existent location" })],
    ["a path with spaces", () => wt.spaces, () => ({ head, branch: "spaced" })],
    ["a path with a newline", () => wt.newline, () => ({ head, branch: "newline" })],
  ])("%s", (_name, where, expected) => {
    expect(entry(where())).toEqual({ ...plain, path: where(), ...expected() });
  });

  it("keeps a Claude lock reason intact, so it parses as Claude's", () => {
    expect(parseClaudeLock(entry(wt.lockedReason)?.lockReason ?? "")).toEqual({ kind: "session", name: "x", pid: 1, start: "2" });
  });

  it("reports a bare repository", async () => {
    const bare = path.join(base, "bare.git");
    await git(base, ["init", "-q", "--bare", "-b", "main", bare]);
    const out = await git(bare, ["worktree", "list", "--porcelain", "-z"]);
    expect(parseWorktreeList(out)).toEqual([{ ...plain, path: bare, bare: true }]);
  });
});

describe("parseWorktreeList on hand-written output", () => {
  it.each<[string, string, WorktreeEntry[]]>([
    ["empty output", "", []],
    ["only NULs", "\0\0\0", []],
    [
      "an attribute newer git may add is ignored",
      "worktree /r\0HEAD abc\0branch refs/heads/main\0future-thing yes\0\0",
      [{ ...plain, path: "/r", head: "abc", branch: "main" }],
    ],
    ["a record without a path is dropped", "HEAD abc\0detached\0\0worktree /w\0HEAD abc\0detached\0\0", [{ ...plain, path: "/w", head: "abc", detached: true }]],
    ["a lock reason with spaces and parentheses", "worktree /w\0HEAD abc\0detached\0locked a (b) c\0\0", [{ ...plain, path: "/w", head: "abc", detached: true, lockReason: "a (b) c" }]],
    ["a branch outside refs/heads/ stays whole", "worktree /w\0HEAD abc\0branch refs/remotes/x\0\0", [{ ...plain, path: "/w", head: "abc", branch: "refs/remotes/x" }]],
    ["no final record separator", "worktree /w\0HEAD abc\0branch refs/heads/t\0", [{ ...plain, path: "/w", head: "abc", branch: "t" }]],
  ])("%s", (_name, out, expected) => {
    expect(parseWorktreeList(out)).toEqual(expected);
  });
});
