// cwt shell-init and the program's side of cwt cd (in-process); the functions in real shells: test/shells/.
import { describe, expect, it } from "vitest";
import { hermeticEnv, makeRepo, tempDir } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

describe("cwt shell-init", () => {
  it.each(["bash", "zsh", "fish"])("prints a %s function named cwt that calls the program with `command cwt`", async (shell) => {
    const home = tempDir();
    const r = await runCli(["shell-init", shell], { cwd: home, env: hermeticEnv(home) });
    expect(r).toMatchObject({ exitCode: 0, stderr: "" });
    expect(r.stdout).toMatch(/^function cwt\b/m);
    expect(r.stdout).toContain("command cwt");
    expect(r.stdout).toContain("CWT_SHELL_INTEGRATION=1");
  });

  it("refuses an unknown shell with exit 2 and one line", async () => {
    const home = tempDir();
    const r = await runCli(["shell-init", "tcsh"], { cwd: home, env: hermeticEnv(home) });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('cwt: unknown shell "tcsh": cwt shell-init knows bash, zsh, fish\n');
  });
});

describe("cwt cd (the program, without the shell function)", () => {
  it("prints the path as cwt path does, and a one-line hint naming the user's shell", async () => {
    const repo = await makeRepo();
    const made = await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env });
    const r = await runCli(["cd", "T-1"], { cwd: repo.root, env: { ...repo.env, SHELL: "/usr/bin/zsh" } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(made.stdout);
    expect(r.stdout).toBe(`${repo.root}/.claude/worktrees/T-1\n`);
    expect(r.stderr).toBe(`cwt: hint: to change this shell's folder, cwt needs its shell function: add eval "$(cwt shell-init zsh)" to ~/.zshrc\n`);
  });

  it("names every shell when $SHELL is none of them", async () => {
    const repo = await makeRepo();
    await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env });
    const r = await runCli(["cd", "T-1"], { cwd: repo.root, env: { ...repo.env, SHELL: "/bin/tcsh" } });
    expect(r.stderr.split("\n")).toHaveLength(2);
    for (const shell of ["bash", "zsh", "fish"]) expect(r.stderr).toContain(`cwt shell-init ${shell}`);
  });

  it("prints no hint when the shell function runs it (CWT_SHELL_INTEGRATION=1)", async () => {
    const repo = await makeRepo();
    await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env });
    const r = await runCli(["cd", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_SHELL_INTEGRATION: "1" } });
    expect(r).toEqual({ exitCode: 0, stdout: `${repo.root}/.claude/worktrees/T-1\n`, stderr: "" });
  });

  it("finds worktrees cwt did not make, by folder name, from inside another worktree", async () => {
    const repo = await makeRepo();
    const plain = `${repo.root}/../plain-wt`;
    await repo.git(["worktree", "add", "-q", "-b", "plain", plain]);
    const t1 = (await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env })).stdout.trim();
    const r = await runCli(["cd", "plain-wt"], { cwd: t1, env: { ...repo.env, CWT_SHELL_INTEGRATION: "1" } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/\/plain-wt$/);
  });

  it("exits 4 with nothing on stdout and no hint for an unknown ticket", async () => {
    const repo = await makeRepo();
    const r = await runCli(["cd", "NOPE"], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^cwt: no worktree for ticket "NOPE"/);
    expect(r.stderr).not.toContain("shell-init");
  });
});

describe("cwt new --cd (the program, without the shell function)", () => {
  it("creates the worktree, prints its path, and says that changing folder needs the shell function", async () => {
    const repo = await makeRepo();
    const r = await runCli(["new", "T-9", "--cd"], { cwd: repo.root, env: { ...repo.env, SHELL: "/bin/bash" } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${repo.root}/.claude/worktrees/T-9\n`);
    expect(r.stderr).toContain('eval "$(cwt shell-init bash)"');
  });

  it("through the function (CWT_SHELL_INTEGRATION=1) says nothing more", async () => {
    const repo = await makeRepo();
    const r = await runCli(["new", "T-9", "--cd"], { cwd: repo.root, env: { ...repo.env, CWT_SHELL_INTEGRATION: "1" } });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toContain("shell-init");
  });
});
