import { describe, expect, it } from "vitest";
import { type BranchFacts, type ContentsFacts, type RemovalFacts, type SubmoduleFacts, branchOutcome, removalRefusals } from "./removal.ts";

/** A worktree that holds nothing: every fact safe. */
const SAFE: RemovalFacts = {
  isMain: false,
  standingIn: false,
  missing: false,
  lock: "none",
  lockReason: undefined,
  modified: 0,
  untracked: 0,
  unsafeCommits: 0,
};

const facts = (over: Partial<RemovalFacts>): RemovalFacts => ({ ...SAFE, ...over });
const F = "--force" as const;

describe("removalRefusals without --force", () => {
  it.each<[string, Partial<RemovalFacts>, { code: string; message: string; override: "--force" | null }[]]>([
    ["a safe worktree", {}, []],
    ["the main checkout", { isMain: true }, [{ code: "MAIN_CHECKOUT", message: "it is the main checkout", override: null }]],
    ["a person's lock with a reason", { lock: "person", lockReason: "on my laptop" }, [{ code: "LOCKED", message: "it is locked (on my laptop)", override: F }]],
    ["a person's lock without a reason", { lock: "person", lockReason: "" }, [{ code: "LOCKED", message: "it is locked", override: F }]],
    ["a person's lock, reason undefined", { lock: "person", lockReason: undefined }, [{ code: "LOCKED", message: "it is locked", override: F }]],
    [
      "a live Claude session",
      { lock: "claude-live", lockReason: "claude session T-1 (pid 1234 start 98765)" },
      [{ code: "LIVE_SESSION", message: "a live Claude Code session holds it (claude session T-1 (pid 1234 start 98765))", override: F }],
    ],
    [
      "a Claude session that may be live",
      { lock: "claude-unknown", lockReason: "claude agent agent-a0123456 (pid 55)" },
      [
        {
          code: "LIVE_SESSION",
          message:
            "a Claude Code session may still hold it: its process is running and cannot be told apart from a reused pid (claude agent agent-a0123456 (pid 55))",
          override: F,
        },
      ],
    ],
    ["a dead Claude session's lock", { lock: "claude-dead", lockReason: "claude session T-1 (pid 1234 start 98765)" }, []],
    ["1 modified file", { modified: 1 }, [{ code: "DIRTY", message: "it has 1 modified file", override: F }]],
    ["2 modified files", { modified: 2 }, [{ code: "DIRTY", message: "it has 2 modified files", override: F }]],
    ["1 untracked file", { untracked: 1 }, [{ code: "DIRTY", message: "it has 1 untracked file", override: F }]],
    ["3 untracked files", { untracked: 3 }, [{ code: "DIRTY", message: "it has 3 untracked files", override: F }]],
    ["1 modified and 1 untracked", { modified: 1, untracked: 1 }, [{ code: "DIRTY", message: "it has 1 modified and 1 untracked files", override: F }]],
    ["2 modified and 5 untracked", { modified: 2, untracked: 5 }, [{ code: "DIRTY", message: "it has 2 modified and 5 untracked files", override: F }]],
    ["modified unknown", { modified: null }, [{ code: "STATUS_UNKNOWN", message: "git status failed there, so it cannot be shown to hold no work", override: F }]],
    ["untracked unknown", { untracked: null }, [{ code: "STATUS_UNKNOWN", message: "git status failed there, so it cannot be shown to hold no work", override: F }]],
    ["both unknown", { modified: null, untracked: null }, [{ code: "STATUS_UNKNOWN", message: "git status failed there, so it cannot be shown to hold no work", override: F }]],
    ["one unknown, one dirty", { modified: 3, untracked: null }, [{ code: "STATUS_UNKNOWN", message: "git status failed there, so it cannot be shown to hold no work", override: F }]],
    ["1 unsafe commit", { unsafeCommits: 1 }, [{ code: "UNPUSHED", message: "it has 1 commit neither merged into its base nor pushed to any remote branch", override: F }]],
    ["4 unsafe commits", { unsafeCommits: 4 }, [{ code: "UNPUSHED", message: "it has 4 commits neither merged into its base nor pushed to any remote branch", override: F }]],
    ["commits unknown", { unsafeCommits: null }, [{ code: "COMMITS_UNKNOWN", message: "its commits could not be compared with its base and the remotes", override: F }]],
    ["standing in it", { standingIn: true }, [{ code: "STANDING_IN", message: "you are standing in it", override: F }]],
    ["a missing folder with unknown status", { missing: true, modified: null, untracked: null }, []],
    ["a missing folder with dirty counts", { missing: true, modified: 2, untracked: 1 }, []],
    [
      "a missing folder still checks commits",
      { missing: true, modified: null, untracked: null, unsafeCommits: 2 },
      [{ code: "UNPUSHED", message: "it has 2 commits neither merged into its base nor pushed to any remote branch", override: F }],
    ],
    ["a missing folder with commits unknown", { missing: true, modified: null, untracked: null, unsafeCommits: null }, [{ code: "COMMITS_UNKNOWN", message: "its commits could not be compared with its base and the remotes", override: F }]],
  ])("%s", (_name, over, expected) => {
    expect(removalRefusals(facts(over), { force: false })).toEqual(expected);
  });

  it("reports every refusal, in a fixed order", () => {
    const all = removalRefusals(
      facts({ isMain: true, standingIn: true, lock: "person", lockReason: "mine", modified: 1, untracked: 2, unsafeCommits: null }),
      { force: false },
    );
    expect(all.map((r) => r.code)).toEqual(["MAIN_CHECKOUT", "LOCKED", "DIRTY", "COMMITS_UNKNOWN", "STANDING_IN"]);
  });
});

describe("removalRefusals with --force", () => {
  it.each<[string, Partial<RemovalFacts>, string[]]>([
    ["a safe worktree", {}, []],
    ["the main checkout is never overridable", { isMain: true }, ["MAIN_CHECKOUT"]],
    ["the main checkout, dirty and locked", { isMain: true, lock: "person", lockReason: "x", modified: 3, unsafeCommits: 1 }, ["MAIN_CHECKOUT"]],
    ["a person's lock", { lock: "person", lockReason: "on my laptop" }, []],
    ["a live Claude session", { lock: "claude-live", lockReason: "claude session T-1 (pid 1 start 2)" }, []],
    ["a possibly live Claude session", { lock: "claude-unknown", lockReason: "claude session T-1 (pid 1)" }, []],
    ["dirty", { modified: 2, untracked: 2 }, []],
    ["status unknown", { modified: null, untracked: null }, []],
    ["unpushed commits", { unsafeCommits: 7 }, []],
    ["commits unknown", { unsafeCommits: null }, []],
    ["standing in it", { standingIn: true }, []],
    ["everything overridable at once", { standingIn: true, lock: "claude-live", lockReason: "r", modified: null, unsafeCommits: null }, []],
  ])("%s", (_name, over, codes) => {
    const refusals = removalRefusals(facts(over), { force: true });
    expect(refusals.map((r) => r.code)).toEqual(codes);
    for (const r of refusals) expect(r.override).toBeNull();
  });
});

describe("branchOutcome", () => {
  const base: BranchFacts = {
    branch: "worktree-T-1",
    keepBranch: false,
    branchCreated: true,
    mergedIntoBase: true,
    baseName: "main",
    checkedOutElsewhere: undefined,
  };

  it.each<[string, Partial<BranchFacts>, ReturnType<typeof branchOutcome>]>([
    ["merged → delete", {}, { action: "delete", branch: "worktree-T-1" }],
    ["merged, not made by cwt (undefined) → delete", { branchCreated: undefined }, { action: "delete", branch: "worktree-T-1" }],
    ["no branch (detached) → none", { branch: undefined }, { action: "none" }],
    ["no branch, even with --keep-branch → none", { branch: undefined, keepBranch: true }, { action: "none" }],
    ["--keep-branch", { keepBranch: true }, { action: "keep", branch: "worktree-T-1", reason: "--keep-branch" }],
    ["--keep-branch wins over every other reason", { keepBranch: true, branchCreated: false, mergedIntoBase: false, checkedOutElsewhere: "/x" }, { action: "keep", branch: "worktree-T-1", reason: "--keep-branch" }],
    ["branch existed before cwt new", { branchCreated: false }, { action: "keep", branch: "worktree-T-1", reason: "it existed before cwt new" }],
    ["checked out elsewhere", { checkedOutElsewhere: "/repo/.claude/worktrees/other" }, { action: "keep", branch: "worktree-T-1", reason: "it is checked out in /repo/.claude/worktrees/other" }],
    ["not merged", { mergedIntoBase: false }, { action: "keep", branch: "worktree-T-1", reason: "it is not merged into main" }],
    ["not merged into another base", { mergedIntoBase: false, baseName: "origin/develop" }, { action: "keep", branch: "worktree-T-1", reason: "it is not merged into origin/develop" }],
    ["checked out elsewhere and not merged", { checkedOutElsewhere: "/w", mergedIntoBase: false }, { action: "keep", branch: "worktree-T-1", reason: "it is checked out in /w" }],
  ])("%s", (_name, over, expected) => {
    expect(branchOutcome({ ...base, ...over })).toEqual(expected);
  });
});

describe("removalRefusals: submodules", () => {
  const sub = (over: Partial<SubmoduleFacts>): SubmoduleFacts => ({ path: "vendor/lib", checkedOut: true, modified: 0, untracked: 0, unsafeCommits: 0, ...over });
  it.each<[string, SubmoduleFacts[], string[]]>([
    ["safe submodules", [sub({}), sub({ path: "vendor/lib/nested" })], []],
    ["one modified file", [sub({ modified: 1 })], ["SUBMODULE_DIRTY: vendor/lib: 1 modified file"]],
    ["modified and untracked", [sub({ modified: 2, untracked: 1 })], ["SUBMODULE_DIRTY: vendor/lib: 2 modified and 1 untracked files"]],
    ["commits on no remote", [sub({ unsafeCommits: 2 })], ["SUBMODULE_UNPUSHED: vendor/lib: 2 commits on no remote"]],
    ["commits neither pushed nor in the main copy", [sub({ unsafeCommits: 1, mainCopy: true })], ["SUBMODULE_UNPUSHED: vendor/lib: 1 commit on no remote and not in the main checkout's copy"]],
    ["unknown status and commits", [sub({ modified: null, unsafeCommits: null })], ["SUBMODULE_UNKNOWN: vendor/lib: git status failed there, so it cannot be shown to hold no work", "SUBMODULE_UNKNOWN: vendor/lib: its commits could not be compared with its remotes"]],
    ["git data with no checkout", [sub({ checkedOut: false, unsafeCommits: 3 })], ["SUBMODULE_UNPUSHED: vendor/lib (git data, not checked out): 3 commits on no remote"]],
    ["the nested one only", [sub({}), sub({ path: "vendor/lib/nested", untracked: 1 })], ["SUBMODULE_DIRTY: vendor/lib/nested: 1 untracked file"]],
  ])("%s", (_name, submodules, expected) => {
    expect(removalRefusals(facts({ submodules }), { force: false }).map((r) => `${r.code}: ${r.message}`)).toEqual(expected);
  });

  it("--force overrides them, in rm and in prune", () => {
    const submodules = [sub({ modified: 1, unsafeCommits: null })];
    expect(removalRefusals(facts({ submodules }), { force: true })).toEqual([]);
    expect(removalRefusals(facts({ submodules }), { force: true, mode: "prune" })).toEqual([]);
    expect(removalRefusals(facts({ submodules }), { force: false, mode: "prune" }).every((r) => r.override === "--force")).toBe(true);
  });
});

describe("contents refusals", () => {
  const EMPTY: ContentsFacts = { ignoredWork: [], ignoredWorkCount: 0, nested: [], hiddenEdits: [], disposable: ["node_modules/"], inProgress: [], newestWork: undefined };
  const codes = (over: Partial<ContentsFacts>, options: { force: boolean; mode?: "rm" | "prune" } = { force: false }) =>
    removalRefusals(facts({ contents: { ...EMPTY, ...over } }), options).map((r) => [r.code, r.override]);

  it("disposable files alone refuse nothing", () => expect(codes({})).toEqual([]));
  it("names at most five ignored files, then how many more", () => {
    const r = removalRefusals(facts({ contents: { ...EMPTY, ignoredWork: ["a", "b", "c", "d", "e"], ignoredWorkCount: 7 } }), { force: false });
    expect(r[0]?.message).toContain("7 ignored files that cwt did not copy in would be deleted: a, b, c, d, e, and 2 more");
  });
  it("a nested worktree of this repository is never overridden, not even by rm --force", () => {
    expect(codes({ nested: [{ path: "x", kind: "worktree" }] }, { force: true })).toEqual([["NESTED_WORKTREE", null]]);
  });
  it("prune --force overrides a nested repository, ignored work and hidden edits", () => {
    const over = { nested: [{ path: "x", kind: "repository" as const }], ignoredWork: ["n"], ignoredWorkCount: 1, hiddenEdits: ["c.ini"] };
    expect(codes(over, { force: false, mode: "prune" })).toEqual([
      ["NESTED_REPOSITORY", F],
      ["HIDDEN_EDITS", F],
      ["IGNORED_WORK", F],
    ]);
    expect(codes(over, { force: true, mode: "prune" })).toEqual([]);
  });
  it("unknown contents refuse, and an operation in progress is named with how to end it", () => {
    expect(codes({ unknown: "git could not list its ignored files", inProgress: ["a bisect is in progress there (end it first: git bisect reset)"] })).toEqual([
      ["IN_PROGRESS", F],
      ["CONTENTS_UNKNOWN", F],
    ]);
  });
  it("a missing folder has no contents to judge", () => {
    expect(removalRefusals(facts({ missing: true, contents: { ...EMPTY, ignoredWorkCount: 1, ignoredWork: ["n"] } }), { force: false })).toEqual([]);
  });
});
