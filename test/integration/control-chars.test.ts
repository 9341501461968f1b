// No text output lets a name or path reach the terminal raw (issue #27): a folder named with
// escape sequences is shown escaped by every command that prints it.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const HOSTILE = "x\u001b]0;pwned\u0007\u001b[31m";

describe("control characters in worktree names and paths", () => {
  it.each([
    [["doctor"]],
    [["list"]],
    [["prune", "--stale", "0d", "--dry-run"]],
    [["policy", "check"]],
  ])("cwt %j prints them escaped", async (argv) => {
    const repo = await makeRepo();
    const folder = path.join(tempDir(), HOSTILE);
    await repo.git(["worktree", "add", "-q", "-b", "p1", folder]);
    // policy check judges the worktree it runs in
    const r = await runCli(argv, { cwd: argv[0] === "policy" ? folder : repo.root, env: repo.env, now: new Date(Date.now() + 86_400_000) });
    const out = r.stdout + r.stderr;
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain("x\\x1b]0;pwned\\x07");
  });

  it("a hostile ticket is refused with its characters escaped", async () => {
    const repo = await makeRepo();
    const r = await runCli(["rm", "--", HOSTILE], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
