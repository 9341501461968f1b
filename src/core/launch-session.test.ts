import { describe, expect, it } from "vitest";
import { splitLaunchArgs } from "../cli/main.ts";
import { exitCodeForSignal } from "../process/run.ts";
import { childEnv, claudeCommand } from "./launch-session.ts";

describe("splitLaunchArgs: what follows -- after launch goes to Claude Code verbatim", () => {
  it.each([
    [["launch", "T", "--", "-p", "hi"], ["launch", "T"], ["-p", "hi"]],
    [["launch", "--", "--", "x"], ["launch"], ["--", "x"]],
    [["launch", "T"], ["launch", "T"], []],
    [["new", "--", "-rf"], ["new", "--", "-rf"], []], // other commands keep commander's meaning of --
  ])("%j → own %j, claude %j", (argv, own, claudeArgs) => {
    expect(splitLaunchArgs(argv)).toEqual({ own, claudeArgs });
  });
});

describe("the command and environment Claude Code gets", () => {
  it("CWT_CLAUDE beats the configured command, which beats claude", () => {
    expect(claudeCommand({ CWT_CLAUDE: "/opt/claude" }, ["x", "--y"])).toEqual(["/opt/claude"]);
    expect(claudeCommand({}, ["x", "--y"])).toEqual(["x", "--y"]);
    expect(claudeCommand({}, undefined)).toEqual(["claude"]);
    expect(claudeCommand({}, [])).toEqual(["claude"]);
  });

  it("removes git's discovery variables, keeps the rest, and sets CWT_*", () => {
    const { env, unset } = childEnv({ GIT_DIR: "/x", GIT_WORK_TREE: "/y", GIT_INDEX_FILE: "/z", GIT_AUTHOR_NAME: "me", HOME: "/h", EMPTY: undefined }, { CWT_TICKET: "T" });
    expect(env).toEqual({ GIT_AUTHOR_NAME: "me", HOME: "/h", CWT_TICKET: "T" });
    expect(unset).toEqual(["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"]);
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGKILL", 137],
    ["SIGHUP", 129],
  ] as const)("a child killed by %s makes cwt exit %i", (signal, code) => {
    expect(exitCodeForSignal(signal)).toBe(code);
  });
});
