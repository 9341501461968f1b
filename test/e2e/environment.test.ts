// The built executable in hostile or unusual environments: clear one-line errors, documented exit codes.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { hermeticEnv, makeRepo, tempDir } from "../helpers/git-repo.ts";
import { CLI_BIN, runBin } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";

describe("cwt in unusual environments", () => {
  it("git missing from PATH: exit 1 and a clear message, no stack trace", async () => {
    const repo = await makeRepo();
    const r = await runBin(["list"], { cwd: repo.root, env: { ...repo.env, PATH: path.join(tempDir(), "empty") } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^cwt: git was not found on PATH\nhint: /);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("a git that is too old: exit 1 and the version needed", async () => {
    const repo = await makeRepo();
    const bin = tempDir();
    const realGit = (await execa("which", ["git"])).stdout.trim();
    // what git 2.30 does: it reports its version, and has no -z for worktree list
    writeFileSync(
      path.join(bin, "git"),
      `#!/bin/sh\n[ "$1" = "--version" ] && { echo "git version 2.30.1"; exit 0; }\ncase "$*" in *"worktree list"*-z*) echo "error: unknown switch \\\`z'" >&2; exit 129;; esac\nexec ${realGit} "$@"\n`,
    );
    chmodSync(path.join(bin, "git"), 0o755);
    const r = await runBin(["list"], { cwd: repo.root, env: { ...repo.env, PATH: `${bin}:${repo.env.PATH}` } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("cwt: git 2.30.1 is too old: cwt needs git 2.36.0 or newer");
  });

  it("inside a bare repository (no worktrees yet): exit 1, one line, and how to make a worktree", async () => {
    const dir = tempDir();
    const env = hermeticEnv(dir);
    await execa("git", ["init", "-q", "--bare", "b.git"], { cwd: dir, env, extendEnv: false });
    const bare = path.join(dir, "b.git");
    const r = await runBin(["list"], { cwd: bare, env });
    expect(r).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: `cwt: ${bare} is a bare repository (no files of its own) and ${bare} is in none of its worktrees: run cwt from one of them\nhint: make one first: git -C ${bare} worktree add <folder> <branch>`,
    });
  });

  it("no command: the day's workflow on stdout, exit 0; unknown command: exit 2", async () => {
    const repo = await makeRepo();
    const none = await runBin([], { cwd: repo.root, env: repo.env });
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toContain("A day with cwt:");
    expect(none.stderr).toBe("");
    expect(await runBin(["bogus"], { cwd: repo.root, env: repo.env })).toMatchObject({ exitCode: 2, stderr: "cwt: unknown command 'bogus'" });
    const help = await runBin(["help"], { cwd: repo.root, env: repo.env });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("Usage: cwt");
  });

  it("works as a CI step: no stdin, no git identity at all (owner recorded as null)", async () => {
    const repo = await makeRepo();
    await repo.git(["config", "--unset", "user.email"]);
    await repo.git(["config", "--unset", "user.name"]);
    const r = await runBin(["new", "CI-1", "--json"], { cwd: repo.root, env: { ...repo.env, CI: "true" } });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ticket: "CI-1", owner: null });
    const list = await runBin(["list", "--json"], { cwd: repo.root, env: { ...repo.env, CI: "true" } });
    expect(JSON.parse(list.stdout).worktrees).toHaveLength(2);
  });

  it("SIGINT during cwt new rolls back: no folder, no branch, no record; exit 130", async () => {
    const repo = await makeRepo();
    const before = await repoState(repo);
    const marker = path.join(tempDir(), "hook-started");
    const hook = path.join(repo.root, ".git/hooks/post-checkout");
    writeFileSync(hook, `#!/bin/sh\ntouch "${marker}"\nsleep 20\n`);
    chmodSync(hook, 0o755);
    // detached: its own process group, so the SIGINT below reaches cwt, git and the hook, as Ctrl-C in a terminal does
    const child = execa(process.execPath, [CLI_BIN, "new", "T-1"], { cwd: repo.root, env: repo.env, extendEnv: false, reject: false, stdin: "ignore", detached: true });
    const deadline = Date.now() + 15_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(marker)).toBe(true);
    // git has made the folder and the branch by now: the hook runs after checkout
    expect(await repo.gitResult(["show-ref", "--verify", "refs/heads/worktree-T-1"])).toMatchObject({ exitCode: 0 });
    process.kill(-(child.pid ?? 0), "SIGINT");
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe("");
    const after = await repoState(repo);
    expect({ ...after, exclude: "", claudeDir: null }).toEqual({ ...before, exclude: "", claudeDir: null });
    expect(after.claudeDir).toBeNull();
  });

  it("a config file that is a FIFO does not hang: exit 2", async () => {
    const repo = await makeRepo();
    await execa("mkfifo", [path.join(repo.root, "cwt.config.json")]);
    const r = await runBin(["list"], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("is not a regular file");
  });

  it("runs from a subfolder of a linked worktree", async () => {
    const repo = await makeRepo({ "pkg/a.txt": "a" });
    const wt = (await runBin(["new", "T-1"], { cwd: repo.root, env: repo.env })).stdout;
    mkdirSync(path.join(wt, "pkg", "deep"), { recursive: true });
    const r = await runBin(["path", "T-1"], { cwd: path.join(wt, "pkg", "deep"), env: repo.env });
    expect(r).toMatchObject({ exitCode: 0, stdout: wt });
  });
});
