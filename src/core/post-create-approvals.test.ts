import { describe, expect, it } from "vitest";
import { type Approval, approvalState, commandsHash, MAX_REPOSITORIES, parseApprovals, withApproval } from "./post-create-approvals.ts";
import { postCreateEnv } from "./post-create.ts";

const LIST = [["npm", "ci"], ["node", "scripts/setup.js", "--fast"]];

describe("commandsHash", () => {
  it("is the sha256 of the list's JSON text", () => {
    expect(commandsHash(LIST)).toMatch(/^[0-9a-f]{64}$/);
    expect(commandsHash(LIST)).toBe(commandsHash(JSON.parse(JSON.stringify(LIST))));
  });

  it.each([
    ["one word changed", [["npm", "install"], LIST[1] ?? []]],
    ["the order changed", [LIST[1] ?? [], LIST[0] ?? []]],
    ["one command more", [...LIST, ["true"]]],
    ["words moved between commands", [["npm", "ci", "node"], ["scripts/setup.js", "--fast"]]],
    ["two words joined", [["npm ci"], LIST[1] ?? []]],
    ["an empty list", []],
  ])("differs when %s", (_name, other) => {
    expect(commandsHash(other)).not.toBe(commandsHash(LIST));
  });
});

describe("parseApprovals", () => {
  const good = { repository: "/r", sha256: "a".repeat(64), approvedAt: "2026-01-01T00:00:00.000Z" };
  it("reads a file cwt wrote", () => {
    expect(parseApprovals(JSON.stringify({ version: 1, approvals: [good] }))).toEqual({ approvals: [good], problem: undefined });
  });

  it.each([
    ["not JSON", "{", "is not valid JSON"],
    ["empty", "", "is not valid JSON"],
    ["another version", JSON.stringify({ version: 2, approvals: [] }), "is not an approvals file cwt wrote"],
    ["an extra key", JSON.stringify({ version: 1, approvals: [], more: 1 }), "is not an approvals file cwt wrote"],
    ["an object instead of the list", JSON.stringify({ version: 1, approvals: { "/r": good } }), "is not an approvals file cwt wrote"],
    ["an upper-case hash", JSON.stringify({ version: 1, approvals: [{ ...good, sha256: "A".repeat(64) }] }), "is not an approvals file cwt wrote"],
    ["a short hash", JSON.stringify({ version: 1, approvals: [{ ...good, sha256: "a" }] }), "is not an approvals file cwt wrote"],
    ["an empty repository", JSON.stringify({ version: 1, approvals: [{ ...good, repository: "" }] }), "is not an approvals file cwt wrote"],
    ["null", "null", "is not an approvals file cwt wrote"],
    ["deep nesting", "[".repeat(10_000) + "]".repeat(10_000), "is not an approvals file cwt wrote"],
  ])("%s: no approvals, a problem, no exception", (_name, text, problem) => {
    expect(parseApprovals(text)).toEqual({ approvals: [], problem });
  });
});

describe("approvalState", () => {
  const approvals: Approval[] = [
    { repository: "/a", sha256: commandsHash(LIST), approvedAt: "x" },
    { repository: "/b", sha256: commandsHash([["other"]]), approvedAt: "x" },
  ];
  it("approved only for the same repository and the same list", () => {
    expect(approvalState(approvals, "/a", LIST)).toBe("approved");
    expect(approvalState(approvals, "/b", LIST)).toBe("changed");
    expect(approvalState(approvals, "/c", LIST)).toBe("none");
    expect(approvalState(approvals, "/a/", LIST)).toBe("none");
    expect(approvalState([], "/a", LIST)).toBe("none");
  });
});

describe("withApproval", () => {
  it("replaces the repository's earlier approval and puts the new one first", () => {
    const old: Approval[] = [
      { repository: "/a", sha256: "1".repeat(64), approvedAt: "1" },
      { repository: "/b", sha256: "2".repeat(64), approvedAt: "2" },
    ];
    const next = withApproval(old, { repository: "/b", sha256: "3".repeat(64), approvedAt: "3" });
    expect(next).toEqual([{ repository: "/b", sha256: "3".repeat(64), approvedAt: "3" }, old[0]]);
  });

  it(`keeps at most ${MAX_REPOSITORIES} repositories, dropping the oldest`, () => {
    const many: Approval[] = Array.from({ length: MAX_REPOSITORIES }, (_, i) => ({ repository: `/r${i}`, sha256: "1".repeat(64), approvedAt: String(i) }));
    const next = withApproval(many, { repository: "/new", sha256: "2".repeat(64), approvedAt: "new" });
    expect(next).toHaveLength(MAX_REPOSITORIES);
    expect(next[0]?.repository).toBe("/new");
    expect(next.at(-1)?.repository).toBe(`/r${MAX_REPOSITORIES - 2}`);
  });
});

describe("postCreateEnv", () => {
  it("is cwt's environment without git's discovery variables, plus CWT_WORKTREE, CWT_TICKET, CWT_MAIN_CHECKOUT", () => {
    const env = postCreateEnv(
      { PATH: "/bin", HOME: "/h", GIT_DIR: "/x/.git", GIT_WORK_TREE: "/x", GIT_INDEX_FILE: "/x/i", GIT_AUTHOR_NAME: "A", CWT_TICKET: "stale", UNSET: undefined },
      { worktree: "/r/.claude/worktrees/T-1", ticket: "T-1", mainRoot: "/r" },
    );
    expect(env).toEqual({ PATH: "/bin", HOME: "/h", GIT_AUTHOR_NAME: "A", CWT_WORKTREE: "/r/.claude/worktrees/T-1", CWT_TICKET: "T-1", CWT_MAIN_CHECKOUT: "/r" });
  });
});
