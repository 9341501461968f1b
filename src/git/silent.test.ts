import { describe, expect, it } from "vitest";
import { maySucceedSilently } from "./client.ts";

describe("maySucceedSilently: which git commands skip simple-git's 50 ms wait", () => {
  it.each([
    [["update-ref", "-d", "refs/heads/x"], true],
    [["worktree", "remove", "/p"], true],
    [["worktree", "add", "/p", "b"], true],
    [["-C", "/wt", "status", "--porcelain=v2"], true],
    [["-C", "/wt", "status", "--porcelain=v2", "-z", "--branch", "--no-ahead-behind"], false],
    [["merge-base", "--is-ancestor", "a", "b"], true],
    [["-C", "/wt", "sparse-checkout", "set", "--cone", "--", "a"], true],
    [["-C", "/wt", "checkout"], true],
    [["worktree", "list", "--porcelain", "-z"], false],
    [["rev-parse", "HEAD"], false],
    [["for-each-ref", "refs/heads/"], false],
    [["-C", "/wt", "rev-list", "--count", "HEAD"], false],
    [["rev-list", "--parents", "HEAD", "--not", "main"], true],
    [["--git-dir=/g/modules/lib", "config", "--get", "core.worktree"], true],
    [["-C", "/wt", "--git-dir=/g", "show-ref", "--head"], true],
    [["--git-dir=/g", "rev-parse", "HEAD"], false],
  ])("%j → %s", (args, silent) => {
    expect(maySucceedSilently(args)).toBe(silent);
  });
});
