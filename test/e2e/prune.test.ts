// cwt prune through the built executable, exactly as a CI cleanup step runs it, and side by side
// with other cwt processes.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir } from "../helpers/git-repo.ts";
import { CLI_BIN, runBin } from "../helpers/run-cli.ts";

describe("cwt prune as a CI step", () => {
  it("runs unattended (no TTY, CI=true, no stdin): removes merged work and orphans, keeps the rest, JSON on stdout", async () => {
    const repo = await makeRepo();
    const env = { ...repo.env, CI: "true" };
    const merged = (await runBin(["new", "MERGED-1"], { cwd: repo.root, env })).stdout;
    await repo.commit("done", { "m.txt": "m" }, merged);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge", "worktree-MERGED-1"]);
    const wip = (await runBin(["new", "WIP-1"], { cwd: repo.root, env })).stdout;
    await repo.commit("wip", { "w.txt": "w" }, wip);
    writeFileSync(path.join(wip, "scratch.txt"), "uncommitted");
    const r = await runBin(["prune", "--stale", "7d", "--merged", "--orphans", "--yes", "--json"], { cwd: repo.root, env });
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.removed.map((x: { name: string }) => x.name)).toEqual(["MERGED-1"]);
    expect(report.removed[0].branchResult).toMatchObject({ action: "delete", done: true });
    expect(existsSync(merged)).toBe(false);
    expect(existsSync(path.join(wip, "scratch.txt"))).toBe(true);
  });

  it("exits 1 and reports the failure when git refuses a removal (a worktree whose .git file was deleted)", async () => {
    const repo = await makeRepo();
    const env = { ...repo.env, CI: "true" };
    const wt = (await runBin(["new", "GONE-1"], { cwd: repo.root, env })).stdout.trim();
    writeFileSync(path.join(wt, "notes.txt"), "mine");
    rmSync(path.join(wt, ".git"));
    const r = await runBin(["prune", "--stale", "0d", "--force", "--yes", "--json"], { cwd: repo.root, env });
    expect(r.exitCode).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.failed).toEqual([expect.objectContaining({ name: "GONE-1", error: expect.stringContaining("validation failed") })]);
    expect(r.stderr).toContain("1 removal failed");
    expect(existsSync(path.join(wt, "notes.txt"))).toBe(true);
  });
});

describe("cwt prune beside other cwt processes", () => {
  it("a prune started while cwt new runs waits for it, and never takes the half-made worktree for an orphan", async () => {
    const repo = await makeRepo();
    const marker = path.join(tempDir(), "hook-started");
    const hook = path.join(repo.root, ".git/hooks/post-checkout");
    writeFileSync(hook, `#!/bin/sh\ntouch "${marker}"\nsleep 2\n`);
    chmodSync(hook, 0o755);
    const creating = execa(process.execPath, [CLI_BIN, "new", "SLOW-1"], { cwd: repo.root, env: repo.env, extendEnv: false, reject: false, stdin: "ignore" });
    while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 20));
    const pruning = await runBin(["prune", "--orphans", "--force", "--yes", "--json"], { cwd: repo.root, env: repo.env });
    const created = await creating;
    expect(created.exitCode).toBe(0);
    expect(pruning.exitCode).toBe(0);
    expect(JSON.parse(pruning.stdout).removed).toEqual([]);
    expect(existsSync(path.join(created.stdout, "README.md"))).toBe(true);
  });

  it("gives up clearly when another cwt holds the repository longer than CWT_LOCK_WAIT", async () => {
    const repo = await makeRepo();
    // a live holder: this test process, recorded with its real start time
    const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    writeFileSync(path.join(repo.root, ".git", "cwt.lock"), JSON.stringify({ pid: process.pid, start, command: "cwt prune" }));
    const r = await runBin(["prune", "--orphans", "--yes"], { cwd: repo.root, env: { ...repo.env, CWT_LOCK_WAIT: "0.3" } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`cwt prune (pid ${process.pid}) is changing this repository's worktrees; gave up waiting`);
  });

  it("takes over a lock whose holder died", async () => {
    const repo = await makeRepo();
    writeFileSync(path.join(repo.root, ".git", "cwt.lock"), JSON.stringify({ pid: 4194004, start: "1", command: "cwt prune" }));
    const r = await runBin(["new", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_LOCK_WAIT: "0" } });
    expect(r.exitCode).toBe(0);
    expect(existsSync(path.join(repo.root, ".git", "cwt.lock"))).toBe(false);
  });

  it("two prunes at once: both finish, nothing is removed twice or lost", async () => {
    const repo = await makeRepo();
    for (const t of ["A-1", "A-2", "A-3"]) {
      const wt = (await runBin(["new", t], { cwd: repo.root, env: repo.env })).stdout;
      await repo.commit(t, { [`${t}.txt`]: t }, wt);
      await repo.git(["merge", "-q", "--no-ff", "-m", `merge ${t}`, `worktree-${t}`]);
    }
    const keep = (await runBin(["new", "KEEP-1"], { cwd: repo.root, env: repo.env })).stdout;
    writeFileSync(path.join(keep, "wip.txt"), "wip");
    const [a, b] = await Promise.all([0, 1].map(() => runBin(["prune", "--merged", "--yes", "--json"], { cwd: repo.root, env: repo.env })));
    expect([a?.exitCode, b?.exitCode]).toEqual([0, 0]);
    const removed = [a, b].flatMap((r) => JSON.parse(r?.stdout ?? "{}").removed.map((x: { name: string }) => x.name)).sort();
    expect(removed).toEqual(["A-1", "A-2", "A-3"]);
    expect(readFileSync(path.join(keep, "wip.txt"), "utf8")).toBe("wip");
  });
});
