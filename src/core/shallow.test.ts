// The pure parts of shallow-clone handling (issue #12): a walk's verdict, and
// what the removal policy and the list make of an unknown.
import { describe, expect, it } from "vitest";
import { branchOutcome, removalRefusals } from "../policy/removal.ts";
import { isIntegrated } from "./integration.ts";
import { judgeWalk } from "./shallow.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const D = "d".repeat(40);

describe("judgeWalk (rev-list --parents output)", () => {
  it.each<[string, string, "<" | ">" | undefined, number | "shallow"]>([
    ["a walk whose commits all have parents is exact", `${A} ${B}\n${B} ${C}\n`, undefined, 2],
    ["an empty walk is zero", "", undefined, 0],
    ["a walk that reaches a commit without parents (boundary or root) is unknown", `${A} ${B}\n${B}\n`, undefined, "shallow"],
    ["a merge counts once", `${A} ${B} ${C}\n`, undefined, 1],
    ["left side with parents, right side reaching a boundary: left exact", `<${A} ${C}\n>${B}\n>${C} ${D}\n`, "<", 1],
    ["left side with parents, right side reaching a boundary: right unknown", `<${A} ${C}\n>${B}\n>${C} ${D}\n`, ">", "shallow"],
    ["a side with no commits is zero", `>${B}\n`, "<", 0],
  ])("%s", (_name, stdout, side, expected) => {
    expect(judgeWalk(stdout, side)).toBe(expected);
  });
});

describe("unknown is never safe", () => {
  it("an unknown integration is not integrated", () => {
    expect(isIntegrated("unknown")).toBe(false);
    expect(isIntegrated(null)).toBe(false);
    expect(isIntegrated("squash")).toBe(true);
  });

  it("commits unknown because the history is shallow refuse, saying why and what fixes it", () => {
    const safe = { isMain: false, standingIn: false, missing: false, lock: "none", lockReason: undefined, modified: 0, untracked: 0 } as const;
    expect(removalRefusals({ ...safe, unsafeCommits: null, historyShallow: true }, { force: false })).toEqual([
      {
        code: "COMMITS_UNKNOWN",
        message: "the history is shallow: cannot tell whether its commits are merged into its base or on a remote (git fetch --unshallow)",
        override: "--force",
      },
    ]);
  });

  it("a branch whose merge state is unknown is kept, even when nothing else keeps it", () => {
    const facts = { branch: "topic", keepBranch: false, branchCreated: true, baseName: "main", checkedOutElsewhere: undefined };
    expect(branchOutcome({ ...facts, mergedIntoBase: null })).toEqual({
      action: "keep",
      branch: "topic",
      reason: "the history is shallow: cannot tell whether it is merged into main (git fetch --unshallow)",
    });
    expect(branchOutcome({ ...facts, mergedIntoBase: true })).toEqual({ action: "delete", branch: "topic" });
  });
});
