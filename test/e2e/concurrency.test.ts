// Many cwt processes at once on one repository (the repo lock serialises them).
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";
import { treeHash } from "../helpers/tree-hash.ts";

describe("cwt new, 8 at once", () => {
  it("8 different tickets: all succeed, every record intact", async () => {
    const repo = await makeRepo();
    const tickets = Array.from({ length: 8 }, (_, i) => `P-${i}`);
    const results = await Promise.all(tickets.map((t) => runBin(["new", t, "--json"], { cwd: repo.root, env: repo.env })));
    expect(results.map((r) => r.exitCode)).toEqual(tickets.map(() => 0));
    const list = JSON.parse((await runBin(["list", "--json"], { cwd: repo.root, env: repo.env })).stdout);
    expect(list.worktrees.filter((w: { ticket: string | null }) => w.ticket !== null).map((w: { ticket: string }) => w.ticket).sort()).toEqual(tickets);
  });

  it("the same ticket 8 times: exactly one succeeds, the others fail clearly, nothing is half-made", async () => {
    const repo = await makeRepo();
    const results = await Promise.all(Array.from({ length: 8 }, () => runBin(["new", "SAME-1"], { cwd: repo.root, env: repo.env })));
    expect(results.filter((r) => r.exitCode === 0)).toHaveLength(1);
    for (const r of results.filter((x) => x.exitCode !== 0)) {
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain("ticket SAME-1 already has a worktree");
    }
    expect(readdirSync(path.join(repo.root, ".claude/worktrees"))).toEqual(["SAME-1"]);
    expect(readdirSync(path.join(repo.root, ".git/worktrees"))).toEqual(["SAME-1"]);
    expect(existsSync(path.join(repo.root, ".git/cwt.lock"))).toBe(false);
    expect(await repo.git(["for-each-ref", "--format=%(refname:short)", "refs/heads/worktree-SAME-1*"])).toBe("worktree-SAME-1");
  });
});

describe("stress: dead locks, prune, new and rm at once", () => {
  it("6 cwt new racing to take over one dead holder's lock: all succeed, one at a time", async () => {
    const repo = await makeRepo();
    writeFileSync(path.join(repo.root, ".git/cwt.lock"), JSON.stringify({ pid: 999_999_999, start: "1", command: "cwt new (killed)" }));
    const tickets = Array.from({ length: 6 }, (_, i) => `D-${i}`);
    const results = await Promise.all(tickets.map((t) => runBin(["new", t], { cwd: repo.root, env: repo.env })));
    expect(results.map((r) => r.exitCode)).toEqual(tickets.map(() => 0));
    expect(readdirSync(path.join(repo.root, ".claude/worktrees")).sort()).toEqual(tickets);
    expect(existsSync(path.join(repo.root, ".git/cwt.lock"))).toBe(false);
    expect(existsSync(path.join(repo.root, ".git/cwt.lock.takeover"))).toBe(false);
  });

  it.each([1, 2, 3])("trial %i: prune --merged beside new and rm removes only what it should", async () => {
    const repo = await makeRepo();
    for (const t of ["M-1", "M-2", "W-1", "W-2"]) expect((await runBin(["new", t], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    for (const t of ["M-1", "M-2"]) {
      await repo.commit(t, { [`${t}.txt`]: t }, path.join(repo.root, ".claude/worktrees", t));
      await repo.git(["merge", "-q", "--no-ff", "-m", `merge ${t}`, `worktree-${t}`]);
    }
    for (const t of ["W-1", "W-2"]) writeFileSync(path.join(repo.root, ".claude/worktrees", t, "wip.txt"), `${t} work in progress\n`);
    const wip = ["W-1", "W-2"].map((t) => treeHash(path.join(repo.root, ".claude/worktrees", t)));
    const [prune, n1, n2, rm] = await Promise.all([
      runBin(["prune", "--merged", "--stale", "0m", "--yes", "--json"], { cwd: repo.root, env: repo.env }),
      runBin(["new", "N-1"], { cwd: repo.root, env: repo.env }),
      runBin(["new", "N-2"], { cwd: repo.root, env: repo.env }),
      runBin(["rm", "M-1"], { cwd: repo.root, env: repo.env }),
    ]);
    expect([prune.exitCode, n1.exitCode, n2.exitCode]).toEqual([0, 0, 0]);
    expect([0, 4], rm.stderr).toContain(rm.exitCode); // removed by rm, or already by prune
    const left = readdirSync(path.join(repo.root, ".claude/worktrees")).sort();
    expect(left.filter((t) => t.startsWith("M-"))).toEqual([]);
    // The new worktrees are fresh and safe, so prune may take them too; the work in progress never.
    expect(left).toEqual(expect.arrayContaining(["W-1", "W-2"]));
    expect(["W-1", "W-2"].map((t) => treeHash(path.join(repo.root, ".claude/worktrees", t)))).toEqual(wip);
    expect(existsSync(path.join(repo.root, ".git/cwt.lock"))).toBe(false);
    expect(readdirSync(path.join(repo.root, ".git")).filter((f) => f.startsWith("cwt-journal")).flatMap((d) => readdirSync(path.join(repo.root, ".git", d)))).toEqual([]);
  });
});
