// cwt new, rm and prune killed at every step between git operations (SIGKILL, and SIGINT), through
// the built binary: afterwards `cwt doctor` names exactly what was left, `cwt doctor --fix` repairs
// it, and no user file is lost. CWT_CRASH_AT=<point>[:SIGINT] makes cwt signal itself there.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { CLI_BIN, runBin } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";
import { treeHash } from "../helpers/tree-hash.ts";

interface Finding {
  id: string;
  message: string;
}

async function doctor(repo: TestRepo): Promise<Finding[]> {
  const r = await runBin(["doctor", "--json"], { cwd: repo.root, env: repo.env });
  return JSON.parse(r.stdout).findings as Finding[];
}

const interrupted = (findings: Finding[]) => findings.filter((f) => f.id === "interrupted-operation");

/** A repository with the user's own work in the main checkout, which must survive everything. */
async function setup(): Promise<{ repo: TestRepo; userFiles: () => string }> {
  const repo = await makeRepo({ "README.md": "r\n", "src/app.ts": "export {};\n", ".gitignore": ".env\n", ".worktreeinclude": ".env\n" });
  repo.write(".env", "SECRET=1\n");
  repo.write("notes.txt", "my untracked notes\n");
  repo.write("src/app.ts", "export const changed = 1;\n");
  const userFiles = () => [treeHash(path.join(repo.root, "src")), ...[".env", "notes.txt"].map((f) => readFileSync(path.join(repo.root, f), "utf8"))].join("|");
  return { repo, userFiles };
}

function journals(repo: TestRepo): string[] {
  const dir = path.join(repo.root, ".git", "cwt-journal");
  return existsSync(dir) ? readdirSync(dir) : [];
}

// The branch is made by the same git process as the worktree (worktree add -b): no point between.
const NEW_POINTS = ["new:folder", "new:add", "new:record", "new:copy"];

describe("cwt new killed between its steps", () => {
  it.each(NEW_POINTS)("SIGKILL at %s: doctor names the leftovers, --fix rolls back to the state before, no user file lost", async (point) => {
    const { repo, userFiles } = await setup();
    expect((await runBin(["new", "WARM-1"], { cwd: repo.root, env: repo.env })).exitCode).toBe(0); // root, exclude: already made
    const before = await repoState(repo);
    const files = userFiles();
    const killed = await runBin(["new", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: point } });
    expect(killed.exitCode).not.toBe(0);
    expect(killed.stdout).toBe(""); // no path was printed: nobody was told the worktree exists
    const found = interrupted(await doctor(repo));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/^cwt new T-1 was interrupted \(pid \d+/);
    if (point === "new:folder") expect(found[0]?.message).toContain("the empty folder");
    if (["new:add", "new:record", "new:copy"].includes(point)) {
      expect(found[0]?.message).toContain("a half-made worktree");
      expect(found[0]?.message).toContain("the branch worktree-T-1 (made by it, still at its base)");
    }
    const fixed = await runBin(["doctor", "--fix", "--json"], { cwd: repo.root, env: repo.env });
    expect(JSON.parse(fixed.stdout).fixed.length).toBeGreaterThan(0);
    expect(interrupted(await doctor(repo))).toEqual([]);
    expect(journals(repo)).toEqual([]);
    expect(await repoState(repo)).toEqual(before);
    expect(userFiles()).toBe(files);
    // And the ticket can be made again.
    expect((await runBin(["new", "T-1"], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
  });

  it.each(NEW_POINTS)("SIGINT at %s: rolled back at once (or, after the last step, done), nothing for doctor to report", async (point) => {
    const { repo, userFiles } = await setup();
    expect((await runBin(["new", "WARM-1"], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    const before = await repoState(repo);
    const files = userFiles();
    const r = await runBin(["new", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: `${point}:SIGINT` } });
    expect(interrupted(await doctor(repo))).toEqual([]);
    expect(journals(repo)).toEqual([]);
    expect(userFiles()).toBe(files);
    if (r.exitCode === 130) {
      expect(r.stdout).toBe("");
      expect(await repoState(repo)).toEqual(before);
    } else {
      // The signal came after the last step: the command finished, and said so.
      expect(point).toBe("new:copy");
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(path.join(repo.root, ".claude/worktrees/T-1"));
      expect(existsSync(path.join(r.stdout, ".env"))).toBe(true);
    }
  });
});

describe("doctor --fix never takes a worktree someone used after the interrupted run", () => {
  it.each([
    ["a commit", async (repo: TestRepo, wt: string) => void (await repo.commit("work", { "w.txt": "w" }, wt))],
    ["an ignored file of the user's own", async (_repo: TestRepo, wt: string) => writeFileSync(path.join(wt, "local.log"), "mine\n")],
    ["an untracked file", async (_repo: TestRepo, wt: string) => writeFileSync(path.join(wt, "notes.md"), "mine\n")],
  ])("a worktree killed after add and then given %s is kept, and said so", async (_what, use) => {
    const { repo } = await setup();
    repo.write(".gitignore", ".env\n*.log\n");
    await repo.git(["add", ".gitignore"]);
    await repo.git(["commit", "-q", "-m", "ignore logs", "--", ".gitignore"]);
    const killed = await runBin(["new", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: "new:record" } });
    expect(killed.exitCode).not.toBe(0);
    const wt = path.join(repo.root, ".claude/worktrees/T-1");
    await use(repo, wt);
    const before = treeHash(wt);
    const found = interrupted(await doctor(repo));
    expect(found[0]?.message).toContain("which has changed or is in use since: kept as it is");
    await runBin(["doctor", "--fix"], { cwd: repo.root, env: repo.env });
    expect(existsSync(wt)).toBe(true);
    expect(treeHash(wt)).toBe(before);
  });
});

describe("cwt rm killed between its steps", () => {
  async function merged(repo: TestRepo, ticket: string): Promise<string> {
    const wt = (await runBin(["new", ticket], { cwd: repo.root, env: repo.env })).stdout;
    await repo.commit(`work on ${ticket}`, { [`${ticket}.txt`]: ticket }, wt);
    await repo.git(["stash", "-q", "-u"]);
    await repo.git(["merge", "-q", "--no-ff", "-m", `merge ${ticket}`, `worktree-${ticket}`]);
    await repo.git(["stash", "pop", "-q"]);
    return wt;
  }

  it.each(["remove:worktree", "remove:branch"])("SIGKILL at %s: doctor --fix finishes the removal", async (point) => {
    const { repo, userFiles } = await setup();
    const wt = await merged(repo, "T-1");
    const files = userFiles();
    const killed = await runBin(["rm", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: point } });
    expect(killed.exitCode).not.toBe(0);
    const found = interrupted(await doctor(repo));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/^cwt rm T-1 was interrupted/);
    expect(found[0]?.message).toContain(point === "remove:worktree" ? "the branch worktree-T-1 (merged, to be deleted with the worktree)" : "it left nothing behind");
    await runBin(["doctor", "--fix"], { cwd: repo.root, env: repo.env });
    expect(interrupted(await doctor(repo))).toEqual([]);
    expect(existsSync(wt)).toBe(false);
    expect(await repo.git(["for-each-ref", "--format=%(refname:short)", "refs/heads/"])).toBe("main");
    expect(userFiles()).toBe(files);
  });

  it("SIGINT after the worktree went: the branch still goes, nothing is left half-done", async () => {
    const { repo } = await setup();
    await merged(repo, "T-1");
    await runBin(["rm", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: "remove:worktree:SIGINT" } });
    expect(interrupted(await doctor(repo))).toEqual([]);
    expect(journals(repo)).toEqual([]);
    const left = await repo.git(["for-each-ref", "--format=%(refname:short)", "refs/heads/"]);
    const worktrees = await repo.git(["worktree", "list", "--porcelain"]);
    // Either the whole removal happened or none of it: never a branch without its worktree removed, or the reverse.
    expect([left === "main" && !worktrees.includes("T-1"), left.includes("worktree-T-1") && worktrees.includes("T-1")]).toContain(true);
  });
});

describe("cwt prune killed half-way", () => {
  it("SIGKILL after the first removal: doctor --fix leaves every worktree whole or gone with its branch; prune then finishes", async () => {
    const { repo, userFiles } = await setup();
    for (const t of ["A", "B", "C", "D", "E", "F"]) expect((await runBin(["new", t], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    writeFileSync(path.join(repo.root, ".claude/worktrees/F/keep.txt"), "work in progress\n");
    const keep = treeHash(path.join(repo.root, ".claude/worktrees/F"));
    const files = userFiles();
    const env = { ...repo.env, CWT_CRASH_AT: "remove:worktree" };
    const killed = await runBin(["prune", "--stale", "0m", "--merged", "--yes"], { cwd: repo.root, env });
    expect(killed.exitCode).not.toBe(0);
    // git processes cwt started may still be finishing their removal: let them.
    await new Promise((r) => setTimeout(r, 1500));
    expect(interrupted(await doctor(repo))).toHaveLength(1);
    await runBin(["doctor", "--fix"], { cwd: repo.root, env: repo.env });
    expect(interrupted(await doctor(repo))).toEqual([]);
    const branches = (await repo.git(["for-each-ref", "--format=%(refname:short)", "refs/heads/"])).split("\n");
    const worktrees = await repo.git(["worktree", "list", "--porcelain"]);
    for (const t of ["A", "B", "C", "D", "E"]) {
      const has = worktrees.includes(`/.claude/worktrees/${t}\n`);
      expect(branches.includes(`worktree-${t}`)).toBe(has);
    }
    expect(treeHash(path.join(repo.root, ".claude/worktrees/F"))).toBe(keep);
    const finish = await runBin(["prune", "--stale", "0m", "--merged", "--yes", "--json"], { cwd: repo.root, env: repo.env });
    expect(finish.exitCode).toBe(0);
    expect(await repo.git(["for-each-ref", "--format=%(refname:short)", "refs/heads/"])).toBe("main\nworktree-F");
    expect(treeHash(path.join(repo.root, ".claude/worktrees/F"))).toBe(keep);
    expect(userFiles()).toBe(files);
  });

  it("SIGINT after the first removal: prune stops cleanly, every worktree whole or gone with its branch, nothing for doctor", async () => {
    const { repo, userFiles } = await setup();
    for (const t of ["A", "B", "C", "D", "E", "F"]) expect((await runBin(["new", t], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    writeFileSync(path.join(repo.root, ".claude/worktrees/F/keep.txt"), "work in progress\n");
    const keep = treeHash(path.join(repo.root, ".claude/worktrees/F"));
    const files = userFiles();
    await runBin(["prune", "--stale", "0m", "--merged", "--yes"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: "remove:worktree:SIGINT" } });
    expect(interrupted(await doctor(repo))).toEqual([]);
    expect(journals(repo)).toEqual([]);
    const branches = (await repo.git(["for-each-ref", "--format=%(refname:short)", "refs/heads/"])).split("\n");
    const worktrees = await repo.git(["worktree", "list", "--porcelain"]);
    for (const t of ["A", "B", "C", "D", "E"]) expect(branches.includes(`worktree-${t}`)).toBe(worktrees.includes(`/.claude/worktrees/${t}\n`));
    expect(treeHash(path.join(repo.root, ".claude/worktrees/F"))).toBe(keep);
    expect(userFiles()).toBe(files);
  });
});

/** A process's state letter ("T": stopped): /proc on Linux, ps elsewhere; undefined once it is gone. */
async function processState(pid: number): Promise<string | undefined> {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    const ps = await execa("ps", ["-o", "state=", "-p", String(pid)], { reject: false });
    return ps.exitCode === 0 ? ps.stdout.trim().slice(0, 1) : undefined;
  }
}

describe("cwt new racing someone else's branch", () => {
  it("a branch made by someone else between cwt's look and its worktree add is never deleted by the rollback", async () => {
    const { repo, userFiles } = await setup();
    const files = userFiles();
    // cwt stops itself once it has looked (no such branch) and made the folder, before git runs.
    const run = execa(process.execPath, [CLI_BIN, "new", "T-1"], { cwd: repo.root, env: { ...repo.env, CWT_CRASH_AT: "new:folder:SIGSTOP" }, extendEnv: false, reject: false, stdin: "ignore" });
    const pid = run.pid as number;
    let ended = false;
    void run.finally(() => {
      ended = true;
    });
    try {
      let stopped = false;
      for (let i = 0; i < 500 && !ended && !stopped; i++) {
        stopped = (await processState(pid)) === "T";
        if (!stopped) await new Promise((r) => setTimeout(r, 20));
      }
      expect(stopped).toBe(true);
      // Someone else's branch of that name, on the very commit cwt would start from.
      await repo.git(["branch", "worktree-T-1"]);
      const theirs = await repo.git(["rev-parse", "refs/heads/worktree-T-1"]);
      process.kill(pid, "SIGCONT");
      const r = await run;
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("a branch named 'worktree-T-1' already exists");
      expect(r.stdout).toBe("");
      expect(await repo.git(["rev-parse", "refs/heads/worktree-T-1"])).toBe(theirs);
      expect(existsSync(path.join(repo.root, ".claude", "worktrees", "T-1"))).toBe(false);
      expect(journals(repo)).toEqual([]);
      expect(interrupted(await doctor(repo))).toEqual([]);
      expect(userFiles()).toBe(files);
    } finally {
      if (!ended) process.kill(pid, "SIGKILL"); // never leave a stopped cwt holding the repository's lock
    }
  });
});
