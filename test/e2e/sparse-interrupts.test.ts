// A sparse cwt new or cwt rm killed half-way (SIGKILL, through the built binary): cwt doctor --fix
// repairs it and turns extensions.worktreeConfig off again, with cwt's mark, when cwt turned it on.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";

const gitConfig = (repo: TestRepo) => readFileSync(path.join(repo.root, ".git", "config"), "utf8");

async function setup(): Promise<TestRepo> {
  return makeRepo({ "README.md": "r\n", "a/1.txt": "a\n", "b/1.txt": "b\n", "cwt.config.json": JSON.stringify({ sparsePaths: ["a"] }) });
}

async function interrupted(repo: TestRepo): Promise<string[]> {
  const r = await runBin(["doctor", "--json"], { cwd: repo.root, env: repo.env });
  return (JSON.parse(r.stdout).findings as { id: string; message: string }[]).filter((f) => f.id === "interrupted-operation").map((f) => f.message);
}

describe("sparse worktrees killed half-way", () => {
  it("SIGKILL after a sparse worktree was added: doctor --fix rolls it back, extension and mark included", async () => {
    const repo = await setup();
    const before = await repoState(repo);
    const config = gitConfig(repo);
    const killed = await runBin(["new", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: "new:add" } });
    expect(killed.exitCode).not.toBe(0);
    expect(gitConfig(repo)).toContain("worktreeConfig = true");
    expect((await interrupted(repo))[0]).toContain("a half-made worktree");
    expect((await runBin(["doctor", "--fix"], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    expect(await interrupted(repo)).toEqual([]);
    expect({ ...(await repoState(repo)), exclude: "", claudeDir: null }).toEqual({ ...before, exclude: "", claudeDir: null });
    expect(gitConfig(repo)).toBe(config);
  });

  it("SIGKILL right after git removed the last sparse worktree: doctor --fix finishes, extension and mark included", async () => {
    const repo = await setup();
    const config = gitConfig(repo);
    expect((await runBin(["new", "T-1"], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    const killed = await runBin(["rm", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: "remove:worktree" } });
    expect(killed.exitCode).not.toBe(0);
    expect(gitConfig(repo)).toContain("enabledWorktreeConfigExtension = true");
    expect((await runBin(["doctor", "--fix"], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    expect(await interrupted(repo)).toEqual([]);
    expect(await repo.git(["worktree", "list", "--porcelain"])).not.toContain("T-1");
    expect(gitConfig(repo)).toBe(config);
  });
});
