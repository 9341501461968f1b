import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ListedWorktree } from "../../src/core/list-worktrees.ts";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const cwt = (repo: TestRepo, argv: string[], cwd = repo.root) => runCli(argv, { cwd, env: repo.env });

async function listJson(repo: TestRepo): Promise<{ version: number; repository: string; worktrees: ListedWorktree[] }> {
  const r = await cwt(repo, ["list", "--json"]);
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as { version: number; repository: string; worktrees: ListedWorktree[] };
}

describe("cwt list", () => {
  it("shows every worktree, whoever made it, with its state; the main checkout first and marked", async () => {
    const repo = await makeRepo();
    const wt1 = (await cwt(repo, ["new", "T-1"])).stdout.trim();
    // Claude Code's own `claude -w feature/x`: folder feature+x, branch worktree-feature+x, its lock
    const claudeWt = path.join(repo.root, ".claude/worktrees/feature+x");
    await repo.git(["worktree", "add", "-q", "-b", "worktree-feature+x", claudeWt]);
    await repo.git(["worktree", "lock", "--reason", "claude session feature+x (pid 999999 start 1)", claudeWt]);
    // plain git, detached, folder later deleted
    const plain = path.join(repo.root, "..", "plain");
    await repo.git(["worktree", "add", "-q", "--detach", plain]);
    const gone = path.join(repo.root, "..", "gone");
    await repo.git(["worktree", "add", "-q", "-b", "gone-branch", gone]);
    rmSync(gone, { recursive: true });
    // state in T-1: one commit ahead, one modified file, two untracked
    await repo.commit("work", { "w.txt": "w" }, wt1);
    writeFileSync(path.join(wt1, "README.md"), "changed");
    writeFileSync(path.join(wt1, "u1.txt"), "u");
    writeFileSync(path.join(wt1, "u2.txt"), "u");
    // main moves on: T-1 is one behind
    await repo.commit("main moves", { "m.txt": "m" });

    const doc = await listJson(repo);
    expect(doc.version).toBe(1);
    expect(doc.repository).toBe(repo.root);
    const byPath = new Map(doc.worktrees.map((w) => [w.path, w]));
    expect(doc.worktrees[0]).toMatchObject({ path: repo.root, main: true, branch: "main", base: null, ahead: null });
    expect(byPath.get(wt1)).toMatchObject({
      name: "T-1",
      ticket: "T-1",
      branch: "worktree-T-1",
      origin: "cwt",
      owner: "owner@example.com",
      createdAt: "2026-11-24T12:00:00.000Z",
      ageSeconds: 0,
      modified: 1,
      untracked: 2,
      ahead: 1,
      behind: 1,
      base: { ref: "main" },
      locked: false,
      missing: false,
    });
    expect(byPath.get(claudeWt)).toMatchObject({
      name: "feature+x",
      ticket: null,
      origin: "claude",
      locked: true,
      lockReason: "claude session feature+x (pid 999999 start 1)",
      modified: 0,
      untracked: 0,
    });
    expect(byPath.get(plain)).toMatchObject({ origin: "git", detached: true, branch: null });
    expect(byPath.get(gone)).toMatchObject({ missing: true, modified: null, untracked: null });
  });

  it("reads the worktrees' states a batch of worktrees per git process; one whose status fails loses only its own state", async () => {
    const repo = await makeRepo();
    // Odd folder names travel as config values (-c cwt.statusof=<path>): spaces, '=', a key's name.
    const names = ["with space", "a=b", "core.sshCommand=x", "plain", "untracked three", "broken index", "last"];
    const paths = names.map((n) => path.join(repo.root, "..", n));
    for (const [i, p] of paths.entries()) {
      await repo.git(["worktree", "add", "-q", "-b", `b${i}`, p]);
      for (let u = 0; u < i; u++) writeFileSync(path.join(p, `u${u}.txt`), "u");
    }
    writeFileSync(path.join(paths[3]!, "README.md"), "changed");
    const brokenAdmin = await repo.git(["rev-parse", "--absolute-git-dir"], paths[5]);
    writeFileSync(path.join(brokenAdmin, "index"), "not an index");

    const trace = path.join(repo.home, "trace.txt");
    const r = await runCli(["list", "--json"], { cwd: repo.root, env: { ...repo.env, GIT_TRACE: trace } });
    expect(r.exitCode).toBe(0);
    const byPath = new Map((JSON.parse(r.stdout) as { worktrees: ListedWorktree[] }).worktrees.map((w) => [w.path, w]));
    for (const [i, p] of paths.entries()) {
      if (i === 5) expect(byPath.get(p)).toMatchObject({ modified: null, untracked: null });
      else expect(byPath.get(p)).toMatchObject({ modified: i === 3 ? 1 : 0, untracked: i });
    }
    const lines = readFileSync(trace, "utf8").split("\n");
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    // 8 worktrees in 4 batches of 2: each batch is one for-each-repo, which starts the statuses
    // itself; only the broken one's batch is asked again by cwt, one worktree at a time (2).
    expect(count(/trace: built-in: git .*for-each-repo/)).toBe(4);
    const started = count(/trace: built-in: git status --porcelain=v2/);
    const byForEachRepo = count(/trace: run_command: git -C .* status --porcelain=v2/);
    expect(started - byForEachRepo).toBe(2);
  });

  // git hands the GIT_DIR it found to every command for-each-repo runs when the repository was
  // found through a `.git` file or is bare: run inside such a repository, every status would
  // answer for the checkout cwt runs in. The batch runs outside it, and every output is checked
  // against its worktree's HEAD and branch.
  it.each(["a main checkout whose .git is a file (--separate-git-dir)", "a bare repository"])(
    "in %s, each worktree gets its own status from the batch, none asked again",
    async (layout) => {
      const repo = await makeRepo();
      const bare = layout.startsWith("a bare");
      let runIn = repo.root;
      let gitDir = path.join(repo.root, ".git");
      if (bare) {
        gitDir = path.join(repo.root, "..", "bare.git");
        await repo.git(["clone", "-q", "--bare", repo.root, gitDir]);
      } else {
        await repo.git(["init", "-q", `--separate-git-dir=${path.join(repo.root, "..", "separate.git")}`]);
        gitDir = path.join(repo.root, "..", "separate.git");
      }
      // 8 worktrees in all (the bare repository is none): 4 batches of 2, each one for-each-repo.
      const paths = Array.from({ length: bare ? 8 : 7 }, (_, i) => path.join(repo.root, "..", `wt-${i}`));
      for (const [i, p] of paths.entries()) {
        await repo.git(["--git-dir", gitDir, "worktree", "add", "-q", "-b", `b${i}`, p, "main"]);
        for (let u = 0; u < i; u++) writeFileSync(path.join(p, `u${u}.txt`), "u");
      }
      if (bare) runIn = paths[0]!;
      else expect(readFileSync(path.join(repo.root, ".git"), "utf8")).toMatch(/^gitdir: /);
      const trace = path.join(repo.home, "trace.txt");
      const r = await runCli(["list", "--json"], { cwd: runIn, env: { ...repo.env, GIT_TRACE: trace } });
      expect(r.exitCode).toBe(0);
      const byPath = new Map((JSON.parse(r.stdout) as { worktrees: ListedWorktree[] }).worktrees.map((w) => [w.path, w]));
      for (const [i, p] of paths.entries()) expect(byPath.get(p)).toMatchObject({ modified: 0, untracked: i });
      const lines = readFileSync(trace, "utf8").split("\n");
      const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
      expect(count(/trace: built-in: git .*for-each-repo/)).toBe(4);
      expect(count(/trace: built-in: git status --porcelain=v2/) - count(/trace: run_command: git -C .* status --porcelain=v2/)).toBe(0);
    },
  );

  it("prints a human table on stdout with the main checkout marked", async () => {
    const repo = await makeRepo();
    await cwt(repo, ["new", "T-1"]);
    const r = await cwt(repo, ["list"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+BRANCH\s+OWNER\s+AGE\s+ACTIVE\s+SESSION\s+CHANGES\s+AHEAD\/BEHIND\s+STATE\s+PATH$/);
    expect(lines[1]).toMatch(/^repo\s+main\s+.*\bmain\s+/);
    expect(lines[2]).toMatch(/^T-1\s+worktree-T-1\s+owner@example.com\s+0s\s+\S+ ago \(\w+\)\s+-\s+clean\s+\+0\/-0\s+-\s+/);
  });

  it("uses the age Claude Code's admin folder gives for worktrees cwt did not make", async () => {
    const repo = await makeRepo();
    await repo.git(["worktree", "add", "-q", "-b", "x", path.join(repo.root, "..", "x")]);
    const doc = await listJson(repo);
    expect(doc.worktrees[1]?.createdAt).toMatch(/^\d{4}-/);
  });
});

describe("cwt path", () => {
  it("prints only the absolute path, from anywhere in the repository", async () => {
    const repo = await makeRepo({ "src/x": "x" });
    const wt = (await cwt(repo, ["new", "T-1"])).stdout.trim();
    const r = await cwt(repo, ["path", "T-1"], path.join(repo.root, "src"));
    expect(r).toEqual({ exitCode: 0, stdout: `${wt}\n`, stderr: "" });
  });

  it("finds a worktree Claude Code made with claude -w, and cwt new will not make a second one", async () => {
    const repo = await makeRepo();
    const claudeWt = path.join(repo.root, ".claude/worktrees/feature+auth");
    await repo.git(["worktree", "add", "-q", "-b", "worktree-feature+auth", claudeWt]);
    expect(await cwt(repo, ["path", "feature/auth"])).toMatchObject({ exitCode: 0, stdout: `${claudeWt}\n` });
    const again = await cwt(repo, ["new", "feature/auth"]);
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain(claudeWt);
  });

  it("exits 4 for an unknown ticket, naming the ones that exist", async () => {
    const repo = await makeRepo();
    await cwt(repo, ["new", "T-1"]);
    const r = await cwt(repo, ["path", "T-2"]);
    expect(r.exitCode).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('no worktree for ticket "T-2"');
    expect(r.stderr).toContain("known: T-1");
  });

  it("rejects a malformed ticket with exit 2", async () => {
    const repo = await makeRepo();
    const r = await cwt(repo, ["path", "../../etc"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
  });
});
