// The README's CI line keeps stderr clean on a repository with many worktrees (issue #24: Node's
// MaxListenersExceededWarning appeared there with about 15 worktrees).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";

describe("cwt prune --stale 7d --merged --orphans --yes --json", () => {
  it("prints only its JSON document, with 30 worktrees each holding a commit of its own", async () => {
    const repo = await makeRepo();
    for (let i = 0; i < 30; i++) {
      const wt = path.join(repo.root, ".claude", "worktrees", `W${i}`);
      await repo.git(["worktree", "add", "-q", "-b", `worktree-W${i}`, wt]);
      await repo.commit(`work ${i}`, { [`f${i}.txt`]: `${i}\n` }, wt);
    }
    const r = await runBin(["prune", "--stale", "7d", "--merged", "--orphans", "--yes", "--json"], { cwd: repo.root, env: repo.env });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as { removed: unknown[]; kept: unknown[] };
    expect(report.removed).toEqual([]);
  }, 60_000);
});
