// Many cwt processes at once on one repository (the repo lock serialises them).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";

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
