// The prune scenario matrix: one repository holding every state at once, pruned with and without
// --force. Asserts exactly what is removed and kept, and that what is kept is byte-for-byte intact.
// Time is injected (`now` 8 days ahead), never slept.
import { treeHash } from "../helpers/tree-hash.ts";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const DAY = 86_400_000;


interface Matrix {
  repo: TestRepo;
  env: Record<string, string>;
  wt: Record<string, string>;
  orphanEmpty: string;
  orphanFull: string;
}

const STATES = [
  "clean-stale",
  "dirty",
  "untracked",
  "ignored-only",
  "ignored-work",
  "nested-repo",
  "unpushed",
  "pushed-unmerged",
  "merged",
  "squash-merged",
  "locked",
  "live-session",
  "folder-missing",
  "current",
] as const;

async function buildMatrix(): Promise<Matrix> {
  const repo = await makeRepo({
    ".gitignore": "*.log\nnode_modules/\n*.local\n",
    "README.md": "# r\n",
    "cwt.config.json": JSON.stringify({ disposable: ["*.log"] }),
  });
  const remote = path.join(tempDir(), "remote.git");
  await repo.git(["init", "-q", "--bare", remote]);
  await repo.git(["remote", "add", "origin", remote]);
  const configDir = tempDir("cwt-claude-config-");
  const env = { ...repo.env, CLAUDE_CONFIG_DIR: configDir, CWT_CLAUDE_MANAGED_DIR: tempDir() };
  const wt: Record<string, string> = {};
  // created now; prune runs with a clock 8 days ahead, so every one of them is stale
  for (const state of STATES) {
    const r = await runCli(["new", state], { cwd: repo.root, env, now: new Date() });
    expect(r.exitCode).toBe(0);
    wt[state] = r.stdout.trim();
  }
  writeFileSync(path.join(wt.dirty!, "README.md"), "edited, not committed\n");
  writeFileSync(path.join(wt.untracked!, "notes.md"), "my only copy\n");
  // node_modules/ is a built-in disposable pattern, *.log one the team's config adds (cwt.config.json above)
  mkdirSync(path.join(wt["ignored-only"]!, "node_modules", "pkg"), { recursive: true });
  writeFileSync(path.join(wt["ignored-only"]!, "node_modules", "pkg", "index.js"), "regenerable\n");
  writeFileSync(path.join(wt["ignored-only"]!, "debug.log"), "regenerable\n");
  writeFileSync(path.join(wt["ignored-work"]!, "notes.local"), "my only copy, ignored\n");
  mkdirSync(path.join(wt["nested-repo"]!, "node_modules", "vendored"), { recursive: true });
  await repo.git(["init", "-q", path.join(wt["nested-repo"]!, "node_modules", "vendored")]);
  await repo.commit("unpushed work", { "unpushed.txt": "u" }, wt.unpushed);
  await repo.commit("pushed work", { "pushed.txt": "p" }, wt["pushed-unmerged"]);
  await repo.git(["push", "-q", "origin", "worktree-pushed-unmerged"], wt["pushed-unmerged"]);
  await repo.commit("merged work", { "merged.txt": "m" }, wt.merged);
  await repo.git(["merge", "-q", "--no-ff", "-m", "merge", "worktree-merged"]);
  await repo.commit("squash 1", { "sq1.txt": "1" }, wt["squash-merged"]);
  await repo.commit("squash 2", { "sq2.txt": "2" }, wt["squash-merged"]);
  await repo.git(["merge", "-q", "--squash", "worktree-squash-merged"]);
  await repo.git(["commit", "-q", "-m", "squashed"]);
  await repo.git(["worktree", "lock", "--reason", "demo on Friday", wt.locked!]);
  const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
  mkdirSync(path.join(configDir, "sessions"));
  writeFileSync(
    path.join(configDir, "sessions", `${process.pid}.json`),
    JSON.stringify({ pid: process.pid, cwd: wt["live-session"], procStart: stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] }),
  );
  rmSync(wt["folder-missing"]!, { recursive: true });
  const orphanEmpty = path.join(repo.root, ".claude/worktrees/orphan-empty");
  const orphanFull = path.join(repo.root, ".claude/worktrees/orphan-full");
  mkdirSync(orphanEmpty);
  mkdirSync(orphanFull);
  writeFileSync(path.join(orphanFull, "draft.md"), "not in git anywhere\n");
  return { repo, env, wt, orphanEmpty, orphanFull };
}

interface Report {
  removed: { name: string; branchResult: { action: string; done?: boolean } }[];
  kept: { name: string; reasons: { code: string }[] }[];
  failed: unknown[];
  reclaimedBytes: number;
}

async function prune(m: Matrix, extra: string[]) {
  const r = await runCli(["prune", "--stale", "7d", "--merged", "--orphans", "--yes", "--json", ...extra], {
    cwd: m.wt.current!,
    env: { ...m.env, CI: "true" },
    now: new Date(Date.now() + 8 * DAY),
  });
  return { exitCode: r.exitCode, stderr: r.stderr, report: JSON.parse(r.stdout) as Report };
}

// state → [without --force, with --force]
const EXPECTED: Record<string, [string, string]> = {
  "clean-stale": ["removed", "removed"],
  dirty: ["kept:DIRTY", "removed"],
  untracked: ["kept:DIRTY", "removed"],
  "ignored-only": ["removed", "removed"],
  "ignored-work": ["kept:IGNORED_WORK", "removed"],
  "nested-repo": ["kept:NESTED_REPOSITORY", "removed"],
  unpushed: ["kept:UNPUSHED", "removed"],
  "pushed-unmerged": ["removed", "removed"],
  merged: ["removed", "removed"],
  "squash-merged": ["removed", "removed"],
  locked: ["kept:LOCKED", "kept:LOCKED"],
  "live-session": ["kept:LIVE_SESSION", "kept:LIVE_SESSION"],
  "folder-missing": ["removed", "removed"],
  current: ["kept:STANDING_IN", "kept:STANDING_IN"],
  "orphan-empty": ["removed", "removed"],
  "orphan-full": ["kept:ORPHAN_HAS_FILES", "removed"],
};

describe.runIf(process.platform === "linux").each([
  ["without --force", [] as string[], 0],
  ["with --force", ["--force"], 1],
] as const)("cwt prune --stale 7d --merged --orphans --yes, %s", (_label, flags, column) => {
  it("removes and keeps exactly what the matrix says; kept worktrees are byte-for-byte intact", async () => {
    const m = await buildMatrix();
    const before = Object.fromEntries(Object.entries(m.wt).filter(([, p]) => existsSync(p)).map(([k, p]) => [k, treeHash(p)]));
    const orphanFullBefore = treeHash(m.orphanFull);
    const tipsBefore = await m.repo.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/"]);
    const { exitCode, report } = await prune(m, [...flags]);
    expect(exitCode).toBe(0);
    expect(report.failed).toEqual([]);
    const outcome: Record<string, string> = {};
    for (const r of report.removed) outcome[r.name] = "removed";
    for (const k of report.kept) outcome[k.name] = `kept:${k.reasons[0]?.code ?? "?"}`;
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v[column]]));
    expect(outcome).toEqual(expected);
    // what is kept is intact, what is removed is gone
    for (const [state, hash] of Object.entries(before)) {
      if (outcome[state]?.startsWith("kept")) expect(treeHash(m.wt[state]!), state).toBe(hash);
      if (outcome[state] === "removed") expect(existsSync(m.wt[state]!), state).toBe(false);
    }
    if (column === 0) expect(treeHash(m.orphanFull)).toBe(orphanFullBefore);
    expect(existsSync(m.orphanEmpty)).toBe(false);
    expect(existsSync(m.repo.root)).toBe(true);
    // branches: deleted only when integrated (merged, squash-merged, or never diverged); unmerged work keeps its branch
    const tipsAfter = await m.repo.git(["for-each-ref", "--format=%(refname)", "refs/heads/"]);
    for (const kept of ["worktree-unpushed", "worktree-pushed-unmerged", "worktree-locked", "main"]) {
      if (tipsBefore.includes(`refs/heads/${kept} `)) expect(tipsAfter, kept).toContain(`refs/heads/${kept}`);
    }
    for (const gone of ["worktree-merged", "worktree-squash-merged", "worktree-clean-stale"]) expect(tipsAfter, gone).not.toContain(`refs/heads/${gone}`);
    expect(report.reclaimedBytes).toBeGreaterThan(0);
  });
});

describe("cwt prune: fresh worktrees and interaction", () => {
  it("--merged keeps a fresh worktree (no commits of its own) and says so; --stale does not select it", async () => {
    const repo = await makeRepo();
    await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env, now: new Date() });
    const r = await runCli(["prune", "--merged", "--stale", "7d", "--json", "--dry-run"], { cwd: repo.root, env: repo.env, now: new Date() });
    const report = JSON.parse(r.stdout) as { planned: unknown[]; kept: { name: string; reasons: { code: string }[] }[] };
    expect(report.planned).toEqual([]);
    expect(report.kept).toEqual([expect.objectContaining({ name: "T-1", reasons: [expect.objectContaining({ code: "FRESH" })] })]);
  });

  it("without a terminal and without --yes (CI), prints the plan and removes nothing", async () => {
    const repo = await makeRepo();
    const wt = (await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env, now: new Date() })).stdout.trim();
    const r = await runCli(["prune", "--stale", "1d"], { cwd: repo.root, env: { ...repo.env, CI: "true" }, now: new Date(Date.now() + 2 * DAY) });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("remove T-1 (stale)");
    expect(r.stderr).toContain("nothing removed: there is no terminal to ask; run again with --yes");
    expect(existsSync(wt)).toBe(true);
  });

  it("on a terminal it asks once; 'no' removes nothing, 'yes' removes", async () => {
    const repo = await makeRepo();
    const wt = (await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env, now: new Date() })).stdout.trim();
    const questions: string[] = [];
    const ask = (answer: boolean) => ({ interactive: true, confirm: async (q: string) => (questions.push(q), answer) });
    const later = new Date(Date.now() + 2 * DAY);
    const no = await runCli(["prune", "--stale", "1d"], { cwd: repo.root, env: repo.env, now: later, deps: ask(false) });
    expect(no.stderr).toContain("nothing removed");
    expect(existsSync(wt)).toBe(true);
    const yes = await runCli(["prune", "--stale", "1d"], { cwd: repo.root, env: repo.env, now: later, deps: ask(true) });
    expect(yes.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
    expect(questions).toEqual(["Remove 1 item? [y/N] ", "Remove 1 item? [y/N] "]);
  });

  it("--dry-run removes nothing even with --yes", async () => {
    const repo = await makeRepo();
    const wt = (await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env, now: new Date() })).stdout.trim();
    const r = await runCli(["prune", "--stale", "1d", "--yes", "--dry-run", "--json"], { cwd: repo.root, env: repo.env, now: new Date(Date.now() + 2 * DAY) });
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, applied: false, planned: [expect.objectContaining({ name: "T-1" })], removed: [] });
    expect(existsSync(wt)).toBe(true);
  });

  it.each([["7"], ["1y"], ["-1d"], ["d7"], ["7 d"], [""]])("--stale %j is a usage error that shows the accepted forms", async (value) => {
    const repo = await makeRepo();
    const r = await runCli(["prune", "--stale", value], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("30m, 12h, 7d, 2w");
  });

  it("with no selector does nothing and names the selectors (exit 2)", async () => {
    const repo = await makeRepo();
    const r = await runCli(["prune", "--yes"], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--stale DURATION, --merged or --orphans");
  });
});
