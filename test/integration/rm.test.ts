import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";

const cwt = (repo: TestRepo, argv: string[], cwd = repo.root) => runCli(argv, { cwd, env: repo.env });

async function branchExists(repo: TestRepo, branch: string): Promise<boolean> {
  return (await repo.gitResult(["show-ref", "--verify", "--quiet", `refs/heads/${branch}`])).exitCode === 0;
}

async function withWorktree(ticket = "T-1"): Promise<{ repo: TestRepo; wt: string }> {
  const repo = await makeRepo();
  const r = await cwt(repo, ["new", ticket]);
  expect(r.exitCode).toBe(0);
  return { repo, wt: r.stdout.trim() };
}

/** The start time Claude Code would write for a pid on this machine (Linux: /proc/<pid>/stat field 22). */
function procStart(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
}

describe("cwt rm", () => {
  it("removes a clean worktree and deletes its branch when merged into the base", async () => {
    const { repo, wt } = await withWorktree();
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("removed worktree T-1");
    expect(r.stderr).toContain("deleted branch worktree-T-1");
    expect(existsSync(wt)).toBe(false);
    expect(await branchExists(repo, "worktree-T-1")).toBe(false);
    expect(await repo.git(["worktree", "list", "--porcelain"])).not.toContain(wt);
  });

  it("deletes a branch whose commits were merged into the base since", async () => {
    const { repo, wt } = await withWorktree();
    await repo.commit("feature", { "f.txt": "f" }, wt);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge", "worktree-T-1"]);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(await branchExists(repo, "worktree-T-1")).toBe(false);
  });

  it("--keep-branch keeps a merged branch", async () => {
    const { repo } = await withWorktree();
    const r = await cwt(repo, ["rm", "T-1", "--keep-branch"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("kept branch worktree-T-1: --keep-branch");
    expect(await branchExists(repo, "worktree-T-1")).toBe(true);
  });

  it("never deletes a branch that existed before cwt new checked it out", async () => {
    const repo = await makeRepo();
    await repo.git(["branch", "worktree-T-1"]);
    await cwt(repo, ["new", "T-1"]);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("it existed before cwt new");
    expect(await branchExists(repo, "worktree-T-1")).toBe(true);
  });

  it("refuses unpushed, unmerged commits (exit 3, nothing changes); --force removes the worktree but keeps the branch", async () => {
    const { repo, wt } = await withWorktree();
    const tip = await repo.commit("unpushed work", { "w.txt": "w" }, wt);
    const before = await repoState(repo);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("it has 1 commit neither merged into its base nor pushed to any remote branch");
    expect(r.stderr).toContain("hint: --force");
    expect(await repoState(repo)).toEqual(before);
    const forced = await cwt(repo, ["rm", "T-1", "--force"]);
    expect(forced.exitCode).toBe(0);
    expect(forced.stderr).toContain("--force: removing although it has 1 commit");
    expect(forced.stderr).toContain("kept branch worktree-T-1: it is not merged into main");
    expect(existsSync(wt)).toBe(false);
    expect(await repo.git(["rev-parse", "worktree-T-1"])).toBe(tip);
  });

  it("allows commits that are pushed to a remote branch, keeping the unmerged branch", async () => {
    const { repo, wt } = await withWorktree();
    const remote = path.join(tempDir(), "remote.git");
    await repo.git(["init", "-q", "--bare", remote]);
    await repo.git(["remote", "add", "origin", remote]);
    await repo.commit("pushed work", { "w.txt": "w" }, wt);
    await repo.git(["push", "-q", "origin", "worktree-T-1"], wt);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(await branchExists(repo, "worktree-T-1")).toBe(true);
  });

  it.each([
    ["modified", async (_r: TestRepo, wt: string) => writeFileSync(path.join(wt, "README.md"), "edited"), "it has 1 modified file"],
    ["untracked", async (_r: TestRepo, wt: string) => writeFileSync(path.join(wt, "new.txt"), "new"), "it has 1 untracked file"],
    [
      "staged",
      async (r: TestRepo, wt: string) => {
        writeFileSync(path.join(wt, "a.txt"), "a");
        await r.git(["add", "a.txt"], wt);
      },
      "it has 1 modified file",
    ],
  ] as const)("refuses a worktree with %s files; --force removes it", async (_kind, dirty, message) => {
    const { repo, wt } = await withWorktree();
    await dirty(repo, wt);
    const before = await repoState(repo);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(message);
    expect(await repoState(repo)).toEqual(before);
    expect((await cwt(repo, ["rm", "T-1", "--force"])).exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });

  it("refuses a worktree locked by a person; --force overrides", async () => {
    const { repo, wt } = await withWorktree();
    await repo.git(["worktree", "lock", "--reason", "keep: demo on Friday", wt]);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("it is locked (keep: demo on Friday)");
    expect((await cwt(repo, ["rm", "T-1", "--force"])).exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });

  it("releases a lock Claude Code left for a process that is gone, and removes the worktree", async () => {
    const { repo, wt } = await withWorktree();
    await repo.git(["worktree", "lock", "--reason", "claude session T-1 (pid 4194000 start 123)", wt]);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("release the lock of a Claude Code session that is no longer running");
    expect(existsSync(wt)).toBe(false);
  });

  it.runIf(process.platform === "linux")("treats a lock whose pid was reused by another process as dead", async () => {
    const { repo, wt } = await withWorktree();
    const start = Number(procStart(process.pid)) + 1;
    await repo.git(["worktree", "lock", "--reason", `claude session T-1 (pid ${process.pid} start ${start})`, wt]);
    expect((await cwt(repo, ["rm", "T-1"])).exitCode).toBe(0);
  });

  it.runIf(process.platform === "linux")("refuses a worktree whose Claude Code session is alive; --force overrides", async () => {
    const { repo, wt } = await withWorktree();
    await repo.git(["worktree", "lock", "--reason", `claude session T-1 (pid ${process.pid} start ${procStart(process.pid)})`, wt]);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("a live Claude Code session holds it");
    expect((await cwt(repo, ["rm", "T-1", "--force"])).exitCode).toBe(0);
  });

  it("refuses a Claude lock naming a running pid without a start time: it may be live", async () => {
    const { repo, wt } = await withWorktree();
    await repo.git(["worktree", "lock", "--reason", `claude agent T-1 (pid ${process.pid})`, wt]);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("may still hold it");
  });

  it("refuses the worktree you are standing in; --force overrides", async () => {
    const { repo, wt } = await withWorktree();
    const r = await cwt(repo, ["rm", "T-1"], wt);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("you are standing in it");
    expect((await cwt(repo, ["rm", "T-1", "--force"], wt)).exitCode).toBe(0);
  });

  it("--dry-run says what would happen and changes nothing", async () => {
    const { repo } = await withWorktree();
    const before = await repoState(repo);
    const r = await cwt(repo, ["rm", "T-1", "--dry-run"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("would remove worktree T-1");
    expect(r.stderr).toContain("would delete branch worktree-T-1");
    expect(await repoState(repo)).toEqual(before);
  });

  it("--dry-run still refuses what rm would refuse", async () => {
    const { repo, wt } = await withWorktree();
    writeFileSync(path.join(wt, "x"), "x");
    expect((await cwt(repo, ["rm", "T-1", "--dry-run"])).exitCode).toBe(3);
  });

  it("removes the record of a worktree whose folder is gone, keeping an unmerged branch", async () => {
    const { repo, wt } = await withWorktree();
    await repo.commit("w", { "w.txt": "w" }, wt);
    await repo.git(["push", "-q", ".", "worktree-T-1:refs/remotes/origin/worktree-T-1"]);
    rmSync(wt, { recursive: true });
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(await repo.git(["worktree", "list", "--porcelain"])).not.toContain(wt);
    expect(await branchExists(repo, "worktree-T-1")).toBe(true);
  });

  it("exits 4 for an unknown ticket", async () => {
    const { repo } = await withWorktree();
    const r = await cwt(repo, ["rm", "NOPE-1"]);
    expect(r.exitCode).toBe(4);
  });
});

describe("cwt rm and files .worktreeinclude copied in", () => {
  it("removes a worktree whose copied ignored files are as copied, and refuses one where they were edited", async () => {
    const repo = await makeRepo({ ".gitignore": ".env\n", ".worktreeinclude": ".env\n" });
    repo.write(".env", "TOKEN=1\n");
    const untouched = (await cwt(repo, ["new", "T-1"])).stdout.trim();
    expect(existsSync(path.join(untouched, ".env"))).toBe(true);
    expect((await cwt(repo, ["rm", "T-1"])).exitCode).toBe(0);
    const edited = (await cwt(repo, ["new", "T-2"])).stdout.trim();
    writeFileSync(path.join(edited, ".env"), "TOKEN=rotated-by-the-agent\n");
    const r = await cwt(repo, ["rm", "T-2"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("1 ignored file that .worktreeinclude copied in (such as .env) was changed there");
    expect(readFileSync(path.join(edited, ".env"), "utf8")).toBe("TOKEN=rotated-by-the-agent\n");
    expect((await cwt(repo, ["rm", "T-2", "--force"])).exitCode).toBe(0);
  });
});
