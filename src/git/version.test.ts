import { describe, expect, it } from "vitest";
import { MIN_GIT_VERSION, isSupportedGit, parseGitVersion } from "./version.ts";

describe("parseGitVersion", () => {
  it.each<[string, [number, number, number] | undefined]>([
    ["git version 2.39.5", [2, 39, 5]],
    ["git version 2.39.5\n", [2, 39, 5]],
    ["git version 2.39.5 (Apple Git-154)", [2, 39, 5]],
    ["git version 2.45.1.windows.1", [2, 45, 1]],
    ["git version 2.36", [2, 36, 0]],
    ["git version 2.36.0-rc2", [2, 36, 0]],
    ["git version 2.43.0.vfs.0.0", [2, 43, 0]],
    ["git version 10.200.3000", [10, 200, 3000]],
    ["  git version 2.40.1  ", [2, 40, 1]],
    ["", undefined],
    ["garbage", undefined],
    ["git version", undefined],
    ["git version x.y.z", undefined],
    ["git version 2", undefined],
    ["version 2.39.5", undefined],
    ["hub version 2.14.2", undefined],
    ["Git Version 2.39.5", undefined],
    ["bash: git: command not found", undefined],
  ])("%j → %j", (output, expected) => {
    expect(parseGitVersion(output)).toEqual(expected);
  });
});

describe("isSupportedGit", () => {
  it("needs git 2.36.0", () => {
    expect(MIN_GIT_VERSION).toEqual([2, 36, 0]);
  });

  it.each<[number[], boolean]>([
    [[2, 35, 9], false],
    [[2, 35, 99], false],
    [[2, 35], false],
    [[2, 36, 0], true],
    [[2, 36], true],
    [[2, 36, 1], true],
    [[2, 37, 0], true],
    [[2, 100, 0], true],
    [[3, 0, 0], true],
    [[3], true],
    [[1, 99], false],
    [[1, 99, 99], false],
    [[0, 0, 0], false],
    [[], false],
  ])("%j → %s", (version, supported) => {
    expect(isSupportedGit(version)).toBe(supported);
  });

  it.each([
    ["git version 2.35.9", false],
    ["git version 2.36", true],
    ["git version 2.39.5 (Apple Git-154)", true],
    ["git version 2.45.1.windows.1", true],
    ["git version 1.99.0", false],
  ])("parsed %j → supported %s", (output, supported) => {
    expect(isSupportedGit(parseGitVersion(output)!)).toBe(supported);
  });
});
