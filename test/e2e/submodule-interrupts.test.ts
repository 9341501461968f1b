// A removal of a worktree with submodules, killed after it started (SIGKILL, through the built
// binary): cwt doctor --fix finishes it only while every submodule still holds nothing, because
// finishing means git's --force, which deletes the submodules' repositories.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBin } from "../helpers/run-cli.ts";
import { makeSuperproject, type Superproject } from "../helpers/submodules.ts";
import { treeHash } from "../helpers/tree-hash.ts";

async function killedRemoval(sp: Superproject): Promise<string> {
  const made = await runBin(["new", "T-1"], { cwd: sp.repo.root, env: sp.repo.env });
  expect(made.exitCode).toBe(0);
  const wt = made.stdout.trim();
  const killed = await runBin(["rm", "T-1"], { cwd: sp.repo.root, env: { ...sp.repo.env, CWT_CRASH_AT: "remove:started" } });
  expect(killed.exitCode).not.toBe(0);
  expect(existsSync(path.join(wt, "vendor", "lib", "lib.txt"))).toBe(true);
  return wt;
}

const doctorFix = (sp: Superproject) => runBin(["doctor", "--fix", "--json"], { cwd: sp.repo.root, env: sp.repo.env });

describe("an interrupted removal of a worktree with submodules", () => {
  it("doctor --fix finishes it while the submodules hold nothing", async () => {
    const sp = await makeSuperproject();
    const wt = await killedRemoval(sp);
    const fixed = await doctorFix(sp);
    expect(fixed.stderr).toContain("removed a worktree whose removal was cut short");
    expect(existsSync(wt)).toBe(false);
  });

  it("doctor --fix keeps it once a submodule holds work made since (a stash: the worktree itself looks untouched)", async () => {
    const sp = await makeSuperproject();
    const wt = await killedRemoval(sp);
    const lib = path.join(wt, "vendor", "lib");
    writeFileSync(path.join(lib, "lib.txt"), "work in progress\n");
    await sp.git(["stash", "-q"], lib);
    expect(await sp.git(["status", "--porcelain"], wt)).toBe("");
    const hash = treeHash(wt);
    const fixed = await doctorFix(sp);
    expect(fixed.stderr).not.toContain("removed a worktree whose removal was cut short");
    expect(existsSync(wt)).toBe(true);
    expect(treeHash(wt)).toBe(hash);
    expect(await sp.git(["stash", "list"], lib)).toContain("stash@{0}");
  });
});
