// `cwt path`'s fast answer (src/cli-path.ts, no git process) must either agree with the full
// command or step aside (undefined): never a different path.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fastPath } from "../../src/cli-path.ts";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

async function full(repo: TestRepo, ticket: string, cwd = repo.root, env = repo.env): Promise<string | undefined> {
  const r = await runCli(["path", ticket], { cwd, env });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

async function setup(): Promise<TestRepo> {
  const repo = await makeRepo();
  for (const t of ["T-1", "feature/auth"]) expect((await runCli(["new", t], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
  return repo;
}

describe("cwt path's fast answer", () => {
  it("agrees with the full command in the common cases, from the main checkout, a worktree and a subfolder", async () => {
    const repo = await setup();
    const wt = path.join(repo.root, ".claude/worktrees/T-1");
    mkdirSync(path.join(wt, "deep/er"), { recursive: true });
    for (const cwd of [repo.root, wt, path.join(wt, "deep/er")]) {
      for (const t of ["T-1", "feature/auth"]) {
        const fast = fastPath(t, cwd, repo.env);
        expect(fast).toBeDefined();
        expect(fast).toBe(await full(repo, t, cwd));
      }
    }
  });

  it("agrees for a worktree Claude Code made itself at the same place (no cwt record)", async () => {
    const repo = await makeRepo();
    await repo.git(["worktree", "add", "-q", "-b", "worktree-own", path.join(repo.root, ".claude/worktrees/own")]);
    expect(fastPath("own", repo.root, repo.env)).toBe(await full(repo, "own"));
  });

  it.each([
    ["a team config file", (repo: TestRepo) => writeFileSync(path.join(repo.root, "cwt.config.json"), "{}"), {}],
    ["a per-user config file", (repo: TestRepo) => {
      mkdirSync(path.join(repo.home, ".config/cwt"), { recursive: true });
      writeFileSync(path.join(repo.home, ".config/cwt/config.json"), "{}");
    }, {}],
    ["GIT_DIR in the environment", () => undefined, { GIT_DIR: "/elsewhere/.git" }],
    ["GIT_CEILING_DIRECTORIES in the environment", () => undefined, { GIT_CEILING_DIRECTORIES: "/" }],
  ])("steps aside with %s", async (_what, prepare, env: Record<string, string>) => {
    const repo = await setup();
    prepare(repo);
    expect(fastPath("T-1", repo.root, { ...repo.env, ...env })).toBeUndefined();
  });

  it.each([
    ["a ticket with no worktree", "NOPE"],
    ["an invalid ticket", "../x"],
    ["an empty ticket", ""],
  ])("steps aside for %s (the full command gives the error)", async (_what, ticket) => {
    const repo = await setup();
    expect(fastPath(ticket, repo.root, repo.env)).toBeUndefined();
  });

  it("steps aside when the folder is not the worktree git knows: a plain folder, a foreign .git, a prunable pair", async () => {
    const repo = await setup();
    mkdirSync(path.join(repo.root, ".claude/worktrees/PLAIN"), { recursive: true });
    expect(fastPath("PLAIN", repo.root, repo.env)).toBeUndefined();
    const other = await makeRepo();
    await other.git(["worktree", "add", "-q", "-b", "x", path.join(other.root, "wt")]);
    mkdirSync(path.join(repo.root, ".claude/worktrees/FOREIGN"));
    writeFileSync(path.join(repo.root, ".claude/worktrees/FOREIGN/.git"), `gitdir: ${path.join(other.root, ".git/worktrees/wt")}\n`);
    expect(fastPath("FOREIGN", repo.root, repo.env)).toBeUndefined();
    writeFileSync(path.join(repo.root, ".git/worktrees/T-1/gitdir"), "/somewhere/else/.git\n"); // git: prunable
    expect(fastPath("T-1", repo.root, repo.env)).toBeUndefined();
  });

  it("steps aside outside any repository and in a bare repository", async () => {
    const dir = tempDir();
    expect(fastPath("T-1", dir, {})).toBeUndefined();
    const repo = await makeRepo();
    const bare = path.join(tempDir(), "bare.git");
    await repo.git(["clone", "-q", "--bare", repo.root, bare]);
    expect(fastPath("T-1", bare, repo.env)).toBeUndefined();
  });

  it("steps aside for a symlink where the worktree should be, and inside a submodule", async () => {
    const repo = await setup();
    const { symlinkSync } = await import("node:fs");
    symlinkSync(path.join(repo.root, ".claude/worktrees/T-1"), path.join(repo.root, ".claude/worktrees/LINK"));
    expect(fastPath("LINK", repo.root, repo.env)).toBeUndefined();
    expect(await full(repo, "LINK")).toBeUndefined(); // the full command does not take it either
    const lib = await makeRepo({ "l.txt": "l\n" });
    await repo.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.root, "vendor/lib"]);
    expect(fastPath("T-1", path.join(repo.root, "vendor/lib"), repo.env)).toBeUndefined();
  });

  it("steps aside for a relative XDG_CONFIG_HOME (the full command decides what it means)", async () => {
    const repo = await setup();
    expect(fastPath("T-1", repo.root, { ...repo.env, XDG_CONFIG_HOME: "rel/config" })).toBeUndefined();
  });
});
