import { describe, expect, it } from "vitest";
import type { PostCreateOutcome } from "../../core/post-create.ts";
import { formatCommand, postCreateFailure, renderPostCreateOutcome, renderPostCreateQuestion } from "./messages.ts";

describe("formatCommand", () => {
  it.each<[string[], string]>([
    [["npm", "ci"], "npm ci"],
    [["node", "scripts/setup.js", "--mode=dev", "a@b", "x,y:z%"], "node scripts/setup.js --mode=dev a@b x,y:z%"],
    [["echo", "two words"], "echo 'two words'"],
    [["echo", ""], "echo ''"],
    [["echo", "it's"], "echo 'it'\\''s'"],
    [["echo", "$(touch pwned)", "`x`", "a;b", "*"], "echo '$(touch pwned)' '`x`' 'a;b' '*'"],
    [["echo", "line\nbreak"], "echo $'line\\x0abreak'"],
    [["echo", "\u001b[31mred"], "echo $'\\x1b[31mred'"],
    [["echo", "caf\u00e9"], "echo $'caf\\xe9'"],
    [["echo", "\u202Eabc"], "echo $'\\u202eabc'"],
    [["echo", "it's\t"], "echo $'it\\'s\\x09'"],
    [["echo", "\u{1F600}"], "echo $'\\U0001f600'"],
  ])("%j → %s", (argv, text) => {
    expect(formatCommand(argv)).toBe(text);
  });
});

const outcome = (over: Partial<PostCreateOutcome>): PostCreateOutcome => ({
  status: "ran",
  approvedBy: "stored",
  approval: "approved",
  commands: [
    { argv: ["npm", "ci"], exitCode: 0 },
    { argv: ["make", "setup"], exitCode: null },
  ],
  failure: undefined,
  approvalsFile: "/h/.config/cwt/post-create-approvals.json",
  approvalsProblem: undefined,
  approvalSaved: false,
  approvalNotSaved: undefined,
  ...over,
});

describe("renderPostCreateQuestion", () => {
  it("numbers the exact commands and ends with the question", () => {
    expect(renderPostCreateQuestion([["npm", "ci"], ["make", "set up"]], "none", "/r/wt")).toBe(
      "cwt: this repository's cwt.config.json asks to run 2 commands in the new worktree /r/wt:\n  1. npm ci\n  2. make 'set up'\nRun them, and remember this approval for this repository? [y/N] ",
    );
  });

  it("says when the list changed since the approval", () => {
    expect(renderPostCreateQuestion([["npm", "ci"]], "changed", "/r/wt")).toContain("asks to run 1 command in");
    expect(renderPostCreateQuestion([["npm", "ci"]], "changed", "/r/wt")).toContain("The list changed since you approved it for this repository.");
  });
});

describe("postCreateFailure", () => {
  it.each<[PostCreateOutcome["failure"], string]>([
    [{ index: 0, argv: ["npm", "ci"], exitCode: 3, reason: "exit", signal: undefined }, "postCreate command 1 of 2 (npm ci) exited with code 3; the 1 command after it did not run; the worktree stays at /r/wt"],
    [{ index: 1, argv: ["make", "setup"], exitCode: 137, reason: "signal", signal: "SIGKILL" }, "postCreate command 2 of 2 (make setup) was killed by SIGKILL (exit 137); the worktree stays at /r/wt"],
    [{ index: 0, argv: ["pnpm", "i"], exitCode: 127, reason: "not-found", signal: undefined }, "postCreate command 1 of 2 (pnpm i) could not start: pnpm not found on PATH (exit 127, as a shell reports it); the 1 command after it did not run; the worktree stays at /r/wt"],
    [{ index: 0, argv: ["./setup"], exitCode: 127, reason: "not-found", signal: undefined }, "postCreate command 1 of 2 (./setup) could not start: ./setup not found (exit 127, as a shell reports it); the 1 command after it did not run; the worktree stays at /r/wt"],
    [{ index: 0, argv: ["./setup"], exitCode: 126, reason: "not-executable", signal: undefined }, "postCreate command 1 of 2 (./setup) could not start: ./setup is not executable (exit 126); the 1 command after it did not run; the worktree stays at /r/wt"],
  ])("%j", (failure, message) => {
    const f = postCreateFailure(outcome({ status: "failed", failure }), "/r/wt", "T-1");
    expect(f?.message).toBe(message);
    expect(f?.hint).toContain("cwt rm T-1 --force");
  });

  it("nothing for a list that ran, was skipped or not approved", () => {
    for (const status of ["ran", "skipped", "not-approved", "declined"] as const) expect(postCreateFailure(outcome({ status }), "/r/wt", "T-1")).toBeUndefined();
  });

  it("an interruption names the command it stopped", () => {
    const f = postCreateFailure(outcome({ status: "interrupted", commands: [{ argv: ["npm", "ci"], exitCode: 143 }, { argv: ["make"], exitCode: null }] }), "/r/wt", "T-1");
    expect(f?.message).toBe("postCreate interrupted at command 1 of 2 (npm ci); the worktree stays at /r/wt");
  });
});

describe("renderPostCreateOutcome", () => {
  const deps = { colorLevel: 0 as const };
  it("not approved, for cwt new: the commands and both flags", () => {
    const text = renderPostCreateOutcome(outcome({ status: "not-approved", approval: "none" }), "/r/wt", "new", deps);
    expect(text).toBe(
      [
        "cwt: warning: did not run this repository's 2 postCreate commands: you have not approved them, and there is no terminal to ask",
        "cwt:   1. npm ci",
        "cwt:   2. make setup",
        "cwt: --yes approves and runs them (the approval is remembered for this repository); --no-hooks skips them without this warning",
        "",
      ].join("\n"),
    );
  });

  it("not approved, for Claude Code's hook: one line", () => {
    const text = renderPostCreateOutcome(outcome({ status: "not-approved", approval: "changed" }), "/r/wt", "claude", deps);
    expect(text.split("\n")).toHaveLength(2);
    expect(text).toContain("(the list changed since you approved it)");
  });

  it("the approvals file's problem and a failed save are warnings", () => {
    const text = renderPostCreateOutcome(outcome({ approvalsProblem: "is not valid JSON", approvalNotSaved: "disk full" }), "/r/wt", "new", deps);
    expect(text).toContain("cwt: warning: ignored /h/.config/cwt/post-create-approvals.json: it is not valid JSON (counted as no approvals)\n");
    expect(text).toContain("cwt: warning: could not remember the approval: disk full; cwt will ask again next time\n");
  });

  it("a path with control characters is escaped", () => {
    expect(renderPostCreateOutcome(outcome({}), "/r/w\u001bt", "new", deps)).toBe("cwt: ran 2 postCreate commands in /r/w\\x1bt\n");
  });
});
