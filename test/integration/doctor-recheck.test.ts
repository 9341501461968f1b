// `cwt doctor --fix` judges every fact again at the moment it acts (issue #28, audit cases 12 and
// 16): a removal killed before it deleted anything, a worktree made again at the same place, and a
// merge undone since the killed removal judged the branch merged.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";

const cwt = (repo: TestRepo, argv: string[], env: Record<string, string> = {}) => runBin(argv, { cwd: repo.root, env: { ...repo.env, ...env } });

async function setup(ticket: string): Promise<{ repo: TestRepo; wt: string }> {
  const repo = await makeRepo({ ".gitignore": "notes/\nbuild/\n", "README.md": "# r\n" });
  const r = await cwt(repo, ["new", ticket]);
  expect(r.exitCode).toBe(0);
  return { repo, wt: r.stdout.trim() };
}

const branch = async (repo: TestRepo, name: string) => (await repo.gitResult(["rev-parse", "--verify", "--quiet", `refs/heads/${name}`])).stdout.trim();

describe("cwt doctor --fix re-checks before it acts", () => {
  it("keeps a worktree whose removal was killed before it deleted anything, once someone worked there", async () => {
    const { repo, wt } = await setup("A");
    const killed = await cwt(repo, ["rm", "A"], { CWT_CRASH_AT: "remove:started" });
    expect(killed.exitCode).not.toBe(0);
    mkdirSync(path.join(wt, "notes"));
    writeFileSync(path.join(wt, "notes", "todo.md"), "three days of notes\n");
    const inner = path.join(wt, "build", "lib");
    mkdirSync(inner, { recursive: true });
    await repo.git(["init", "-q", "-b", "main"], inner);
    const only = await repo.commit("only copy", { "x.txt": "x\n" }, inner);
    const fix = await cwt(repo, ["doctor", "--fix"]);
    expect(fix.stdout + fix.stderr).not.toMatch(/removed a worktree whose removal was cut short/);
    expect(readFileSync(path.join(wt, "notes", "todo.md"), "utf8")).toBe("three days of notes\n");
    expect(await repo.git(["rev-parse", "HEAD"], inner)).toBe(only);
  });

  it("still finishes a killed removal when nothing changed there", async () => {
    const { repo, wt } = await setup("A");
    expect((await cwt(repo, ["rm", "A"], { CWT_CRASH_AT: "remove:started" })).exitCode).not.toBe(0);
    const fix = await cwt(repo, ["doctor", "--fix"]);
    expect(fix.stdout + fix.stderr).toMatch(/removed a worktree whose removal was cut short/);
    expect(existsSync(wt)).toBe(false);
  });

  it("leaves alone a worktree made again at the same place after the killed removal, and its branch", async () => {
    const { repo, wt } = await setup("B");
    expect((await cwt(repo, ["rm", "B"], { CWT_CRASH_AT: "remove:worktree" })).exitCode).not.toBe(0);
    expect(existsSync(wt)).toBe(false);
    const again = await cwt(repo, ["new", "B"]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout.trim()).toBe(wt);
    const head = await branch(repo, "worktree-B");
    const fix = await cwt(repo, ["doctor", "--fix"]);
    expect(fix.exitCode).toBe(0);
    expect(existsSync(path.join(wt, "README.md"))).toBe(true);
    expect(await branch(repo, "worktree-B")).toBe(head);
    expect(await repo.git(["worktree", "list", "--porcelain"])).toContain(wt);
  });

  it("keeps the branch when the merge the killed removal relied on was undone since", async () => {
    const { repo, wt } = await setup("U");
    const work = await repo.commit("U's work", { "u.txt": "u\n" }, wt);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge U", "worktree-U"]);
    expect((await cwt(repo, ["rm", "U"], { CWT_CRASH_AT: "remove:worktree" })).exitCode).not.toBe(0);
    await repo.git(["reset", "-q", "--hard", "HEAD~1"]);
    const fix = await cwt(repo, ["doctor", "--fix"]);
    expect(fix.stdout + fix.stderr).toContain("kept the branch worktree-U: its commit");
    expect(await branch(repo, "worktree-U")).toBe(work);
  });

  it("deletes that branch when it is still merged", async () => {
    const { repo, wt } = await setup("M");
    await repo.commit("M's work", { "m.txt": "m\n" }, wt);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge M", "worktree-M"]);
    expect((await cwt(repo, ["rm", "M"], { CWT_CRASH_AT: "remove:worktree" })).exitCode).not.toBe(0);
    const fix = await cwt(repo, ["doctor", "--fix"]);
    expect(fix.stdout + fix.stderr).toContain("deleted the branch worktree-M");
    expect(await branch(repo, "worktree-M")).toBe("");
  });
});
