import { describe, expect, it } from "vitest";
import { normalizeSparsePath, sparsePathProblem } from "./sparse-paths.ts";

describe("sparsePathProblem: folders git's cone mode takes, nothing else", () => {
  it.each([["services/api"], ["a"], ["a/b/"], ["pkg-1/sub_2.x"], [".github"], ["ünïcode dir"]])("accepts %j", (entry) => {
    expect(sparsePathProblem(entry)).toBeUndefined();
  });

  it.each([
    ["", "must not be empty"],
    ["x".repeat(4097), "at most 4096"],
    ["a\u0000b", "control characters"],
    ["a\u007fb", "control characters"],
    ["-a", "start with '-'"],
    ["/abs", "not an absolute path"],
    ["C:/x", "not an absolute path"],
    ["a/*", "not a pattern"],
    ["a?", "not a pattern"],
    ["a[1]", "not a pattern"],
    ["a\\b", "not a pattern"],
    ["!a", "not a pattern"],
    ["..", "'..'"],
    ["a/../b", "'..'"],
    ["a//b", "empty or '.' segments"],
    ["./a", "empty or '.' segments"],
    ["a/.", "empty or '.' segments"],
    ["a//", "empty or '.' segments"],
    [".git", ".git"],
    ["a/.GIT/b", ".git"],
  ])("refuses %j (%s)", (entry, why) => {
    expect(sparsePathProblem(entry)).toContain(why);
  });

  it("drops one trailing '/'", () => {
    expect(normalizeSparsePath("a/b/")).toBe("a/b");
    expect(normalizeSparsePath("a/b")).toBe("a/b");
  });
});
