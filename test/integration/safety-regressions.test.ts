// Ways to lose work that a review found, each reproduced on a real repository.
import { existsSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

describe("loss-proofing", () => {
  it("prune --orphans --force never takes a live worktree for an orphan when the root is reached through a symlink", async () => {
    const repo = await makeRepo();
    const realRoot = tempDir("cwt-real-root-");
    const link = path.join(tempDir(), "wt-link");
    symlinkSync(realRoot, link);
    repo.write("cwt.config.json", JSON.stringify({ worktreeRoot: link }));
    await repo.commit("config");
    const wt = (await runCli(["new", "P-1"], { cwd: repo.root, env: repo.env })).stdout.trim();
    writeFileSync(path.join(wt, "untracked.txt"), "mine");
    await repo.git(["worktree", "lock", "--reason", "mine", wt]);
    const r = await runCli(["prune", "--orphans", "--force", "--yes", "--json"], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).removed).toEqual([]);
    expect(existsSync(path.join(wt, "untracked.txt"))).toBe(true);
  });

  it("prune --orphans keeps a missing detached worktree whose commits no branch holds", async () => {
    const repo = await makeRepo();
    const wt = path.join(repo.root, ".claude/worktrees/d1");
    await repo.git(["worktree", "add", "-q", "--detach", wt]);
    const tip = await repo.commit("only here", { "d.txt": "d" }, wt);
    renameSync(wt, path.join(tempDir(), "moved"));
    const r = await runCli(["prune", "--orphans", "--yes", "--json"], { cwd: repo.root, env: repo.env });
    expect(JSON.parse(r.stdout).kept).toEqual([expect.objectContaining({ name: "d1", reasons: [expect.objectContaining({ code: "UNPUSHED" })] })]);
    expect(await repo.git(["worktree", "list", "--porcelain"])).toContain(`HEAD ${tip}`);
  });

  it("a CLAUDE_BASE naming the worktree's own branch does not make its commits look merged", async () => {
    const repo = await makeRepo();
    const wt = path.join(repo.root, ".claude/worktrees/cl");
    await repo.git(["worktree", "add", "-q", "-b", "worktree-cl", wt]);
    await repo.commit("unpushed", { "c.txt": "c" }, wt);
    writeFileSync(path.join(repo.root, ".git/worktrees/cl/CLAUDE_BASE"), "worktree-cl\n");
    const r = await runCli(["rm", "cl"], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("neither merged into its base nor pushed");
  });

  it("a record whose base names the worktree's own branch does not either", async () => {
    const repo = await makeRepo();
    const wt = (await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env })).stdout.trim();
    await repo.commit("unpushed", { "c.txt": "c" }, wt);
    const file = path.join(repo.root, ".git/worktrees/T-1/cwt.json");
    const record = JSON.parse((await import("node:fs")).readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...record, base: { ...record.base, ref: "worktree-T-1" } }));
    expect((await runCli(["rm", "T-1"], { cwd: repo.root, env: repo.env })).exitCode).toBe(3);
  });

  it("a ticket never resolves to another ticket's worktree through its branch or folder", async () => {
    const repo = await makeRepo();
    const y = (await runCli(["new", "Y", "--branch", "worktree-X"], { cwd: repo.root, env: repo.env })).stdout.trim();
    expect((await runCli(["path", "X"], { cwd: repo.root, env: repo.env })).exitCode).toBe(4);
    expect((await runCli(["rm", "X"], { cwd: repo.root, env: repo.env })).exitCode).toBe(4);
    expect(existsSync(y)).toBe(true);
  });

  it("an orphan folder holding a .git is never removed, even with --force", async () => {
    const repo = await makeRepo();
    const other = path.join(repo.root, ".claude/worktrees/other-checkout");
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, ".git"), "gitdir: /somewhere/else\n");
    const r = await runCli(["prune", "--orphans", "--force", "--yes", "--json"], { cwd: repo.root, env: repo.env });
    expect(JSON.parse(r.stdout).kept).toEqual([expect.objectContaining({ reasons: [expect.objectContaining({ code: "ORPHAN_CHECKOUT" })] })]);
    expect(existsSync(path.join(other, ".git"))).toBe(true);
  });

  it.each(["HEAD", "@{-1}"])("--branch %s is a usage error before anything is written", async (branch) => {
    const repo = await makeRepo();
    const r = await runCli(["new", "B-1", "--branch", branch], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(2);
    expect(existsSync(path.join(repo.root, ".claude"))).toBe(false);
  });
});

describe("untrusted text never drives the terminal", () => {
  it("a lock reason with escape sequences is shown escaped by list and rm", async () => {
    const repo = await makeRepo();
    const wt = (await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env })).stdout.trim();
    await repo.git(["worktree", "lock", "--reason", "hi\u001b]0;pwned\u0007\u001b[2J", wt]);
    const list = await runCli(["list"], { cwd: repo.root, env: repo.env });
    expect(list.stdout).not.toContain("\u001b");
    expect(list.stdout).toContain("hi\\x1b]0;pwned\\x07\\x1b[2J");
    const rm = await runCli(["rm", "T-1"], { cwd: repo.root, env: repo.env });
    expect(rm.exitCode).toBe(3);
    expect(rm.stderr).not.toContain("\u001b");
  });

  it("a FIFO in git's admin folder does not hang list", async () => {
    const repo = await makeRepo();
    await runCli(["new", "F-1"], { cwd: repo.root, env: repo.env });
    const { execa } = await import("execa");
    await execa("mkfifo", [path.join(repo.root, ".git/worktrees/F-1/cwt-launch.json")]);
    await execa("mkfifo", [path.join(repo.root, ".git/worktrees/F-1/CLAUDE_BASE")]);
    const r = await runCli(["list", "--json"], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(0);
  });
});
