// A default branch other than main, no remote at all, several remotes: "pushed" means present on
// any remote-tracking branch, and the base is the repository's own default, never a fixed name.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const cwt = (repo: TestRepo, argv: string[]) => runCli(argv, { cwd: repo.root, env: repo.env });

async function onBranch(name: string): Promise<TestRepo> {
  const repo = await makeRepo();
  await repo.git(["branch", "-m", name]);
  return repo;
}

async function bareRemote(repo: TestRepo, name: string): Promise<string> {
  const dir = path.join(tempDir(), `${name}.git`);
  await repo.git(["init", "-q", "--bare", dir]);
  await repo.git(["remote", "add", name, dir]);
  return dir;
}

describe("default branches, remotes", () => {
  it.each(["master", "trunk", "develop"])("on %s: the worktree branches from it and a merge into it counts", async (branch) => {
    const repo = await onBranch(branch);
    const wt = (await cwt(repo, ["new", "T-1"])).stdout.trim();
    const list = JSON.parse((await cwt(repo, ["list", "--json"])).stdout);
    expect(list.worktrees[1].base.ref).toBe(branch);
    await repo.commit("work", { "w.txt": "w" }, wt);
    expect((await cwt(repo, ["rm", "T-1"])).exitCode).toBe(3); // unmerged, unpushed
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge", "worktree-T-1"]);
    const rm = await cwt(repo, ["rm", "T-1"]);
    expect(rm.exitCode).toBe(0);
    expect(rm.stderr).toContain(`deleted branch worktree-T-1`);
  });

  it("with no remote at all, unmerged commits are unpushed work: kept", async () => {
    const repo = await onBranch("master");
    const wt = (await cwt(repo, ["new", "T-1"])).stdout.trim();
    await repo.commit("work", { "w.txt": "w" }, wt);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("1 commit neither merged into its base nor pushed to any remote branch");
  });

  it("with two remotes, a push to either one counts as pushed", async () => {
    const repo = await onBranch("trunk");
    await bareRemote(repo, "origin");
    await bareRemote(repo, "backup");
    for (const [ticket, remote] of [["T-1", "origin"], ["T-2", "backup"]] as const) {
      const wt = (await cwt(repo, ["new", ticket])).stdout.trim();
      await repo.commit(`work on ${ticket}`, { "w.txt": ticket }, wt);
      expect((await cwt(repo, ["rm", ticket])).exitCode).toBe(3);
      await repo.git(["push", "-q", remote, `worktree-${ticket}`], wt);
      const r = await cwt(repo, ["rm", ticket]);
      expect(r.exitCode).toBe(0);
      // Pushed but not merged: the worktree goes, its branch stays.
      expect(r.stderr).toContain(`kept branch worktree-${ticket}: it is not merged into trunk`);
    }
  });
});
