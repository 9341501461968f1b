// Shallow clones (issue #12), as CI makes them: where git lacks the history to tell whether work is
// merged, pushed or how far ahead it is, the answer is unknown, shown as such, and never safe to
// delete. Where the walk stays above the shallow boundary the answers stay exact.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

let source: TestRepo;

/**
 * main: 33 first-parent commits. old-feature (2 commits) is merged --no-ff at main~26, below a
 * depth-20 boundary; recent-feature (1 commit) at main~2, above it; side (1 commit, on main~3) is
 * never merged (and, fetched at depth 20 too, does not reach the old merge either).
 */
beforeAll(async () => {
  source = await makeRepo();
  for (let i = 1; i <= 4; i++) await source.commit(`m${i}`, { "main.txt": `m${i}\n` });
  await source.git(["checkout", "-q", "-b", "old-feature"]);
  await source.commit("old 1", { "old/1.txt": "1\n" });
  await source.commit("old 2", { "old/2.txt": "2\n" });
  await source.git(["checkout", "-q", "main"]);
  await source.git(["merge", "-q", "--no-ff", "-m", "merge old-feature", "old-feature"]);
  for (let i = 5; i <= 28; i++) await source.commit(`m${i}`, { "main.txt": `m${i}\n` });
  await source.git(["checkout", "-q", "-b", "recent-feature"]);
  await source.commit("recent", { "recent.txt": "r\n" });
  await source.git(["checkout", "-q", "main"]);
  await source.git(["merge", "-q", "--no-ff", "-m", "merge recent-feature", "recent-feature"]);
  await source.commit("m29", { "main.txt": "m29\n" });
  await source.commit("m30", { "main.txt": "m30\n" });
  await source.git(["branch", "side", "main~3"]);
  await source.git(["checkout", "-q", "side"]);
  await source.commit("side", { "side.txt": "s\n" });
  await source.git(["checkout", "-q", "main"]);
});

/** A clone through file:// (a plain path ignores --depth), with the source's hermetic settings. */
async function clone(...flags: string[]): Promise<string> {
  const dir = path.join(tempDir(), "clone");
  await source.git(["clone", "-q", ...flags, `file://${source.root}`, dir]);
  await source.git(["config", "commit.gpgSign", "false"], dir);
  await source.git(["config", "gc.auto", "0"], dir);
  return dir;
}

// A week from now: everything made during the test is stale by then (prune --stale 0d).
const cwt = (cwd: string, argv: string[]) => runCli(argv, { cwd, env: source.env, now: new Date(Date.now() + 7 * 86_400_000) });
const git = (cwd: string, args: string[]) => source.git(args, cwd);
const branchExists = async (cwd: string, b: string) => (await source.gitResult(["rev-parse", "--verify", "--quiet", `refs/heads/${b}`], cwd)).exitCode === 0;

/** `topic`: the source's side branch fetched at depth 1 (its tip is a boundary commit) plus one commit of our own, clean. */
async function topicWorktree(root: string): Promise<string> {
  await git(root, ["fetch", "-q", "--depth", "1", "origin", "side"]);
  await git(root, ["branch", "topic", "FETCH_HEAD"]);
  const wt = path.join(path.dirname(root), "topic");
  await git(root, ["worktree", "add", "-q", wt, "topic"]);
  await source.commit("mine", { "mine.txt": "mine\n" }, wt);
  return wt;
}

/** A worktree made by cwt with `n` commits of its own (on top of the shallow tip: exact counts). */
async function ticketWorktree(root: string, ticket: string, n: number): Promise<string> {
  const made = await cwt(root, ["new", ticket]);
  expect(made.exitCode, made.stderr).toBe(0);
  const wt = made.stdout.trim();
  for (let i = 1; i <= n; i++) await source.commit(`${ticket} ${i}`, { [`${ticket}-${i}.txt`]: `${i}\n` }, wt);
  return wt;
}

/** Every file under a folder (but the .git link) with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (d === dir && name === ".git") continue;
      if (statSync(p).isDirectory()) walk(p);
      else files[path.relative(dir, p)] = readFileSync(p).toString("base64");
    }
  };
  walk(dir);
  return files;
}

const listed = async (root: string) => JSON.parse((await cwt(root, ["list", "--json"])).stdout).worktrees as { name: string; ahead: number | null; behind: number | null; historyShallow: boolean }[];

describe("shallow clones", () => {
  it("the fixture is shallow: depth 1 keeps one commit of main, depth 20 cuts above the old merge", async () => {
    const d1 = await clone("--depth", "1");
    expect(readFileSync(path.join(d1, ".git", "shallow"), "utf8").trim().split("\n")).toHaveLength(1);
    expect(await git(d1, ["rev-list", "--count", "HEAD"])).toBe("1");
    const d20 = await clone("--depth", "20");
    expect(await git(d20, ["rev-list", "--count", "HEAD"])).not.toBe(await git(source.root, ["rev-list", "--count", "HEAD"]));
  });

  it("list --json: exact ahead/behind above the boundary, null and historyShallow where the walk reaches it; --unshallow makes it exact", async () => {
    const root = await clone("--depth", "1");
    await ticketWorktree(root, "T-1", 2);
    await topicWorktree(root);
    const byName = Object.fromEntries((await listed(root)).map((w) => [w.name, w]));
    expect(byName["T-1"]).toMatchObject({ ahead: 2, behind: 0, historyShallow: false });
    expect(byName["topic"]).toMatchObject({ ahead: null, behind: null, historyShallow: true });
    const table = (await cwt(root, ["list"])).stdout;
    expect(table.split("\n").find((l) => l.startsWith("topic "))).toContain("+?/-?");
    expect(table.split("\n").find((l) => l.startsWith("T-1 "))).toContain("+2/-0");

    await git(root, ["fetch", "-q", "--unshallow", "origin", "main", "side"]);
    const after = Object.fromEntries((await listed(root)).map((w) => [w.name, w]));
    expect(await source.gitResult(["rev-parse", "--is-shallow-repository"], root)).toMatchObject({ stdout: "false" });
    // side is main~3 plus one commit, topic one more; main~3 lacks three first-parent commits and recent-feature's one.
    expect(after["topic"]).toMatchObject({ ahead: 2, behind: 4, historyShallow: false });
  });

  it("list --json in a depth-20 clone: a worktree ten first-parent commits back counts exactly", async () => {
    const root = await clone("--depth", "20");
    await git(root, ["worktree", "add", "-q", "-b", "back", path.join(path.dirname(root), "back"), "main~10"]);
    const back = (await listed(root)).find((w) => w.name === "back");
    expect(back).toMatchObject({ ahead: 0, behind: 11, historyShallow: false });
  });

  it("rm: exact unpushed commits refuse as usual; commits whose walk reaches the boundary refuse as unknown, files untouched", async () => {
    const root = await clone("--depth", "1");
    const t1 = await ticketWorktree(root, "T-1", 2);
    const topic = await topicWorktree(root);
    const exact = await cwt(root, ["rm", "T-1"]);
    expect(exact.exitCode).toBe(3);
    expect(exact.stderr).toContain("it has 2 commits neither merged into its base nor pushed to any remote branch");
    const before = snapshot(topic);
    const unknown = await cwt(root, ["rm", "topic"]);
    expect(unknown.exitCode).toBe(3);
    expect(unknown.stderr).toContain("the history is shallow: cannot tell whether its commits are merged into its base or on a remote (git fetch --unshallow)");
    expect(snapshot(topic)).toEqual(before);
    expect(statSync(t1).isDirectory()).toBe(true);
  });

  it("rm --force removes the worktree but never deletes a branch whose merge state is unknown", async () => {
    const root = await clone("--depth", "1");
    const topic = await topicWorktree(root);
    const tip = await git(topic, ["rev-parse", "HEAD"]);
    const r = await cwt(root, ["rm", "--force", "topic"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("kept branch topic: the history is shallow: cannot tell whether it is merged into main (git fetch --unshallow)");
    expect(() => statSync(topic)).toThrow();
    expect(await git(root, ["rev-parse", "refs/heads/topic"])).toBe(tip);
  });

  describe("a branch merged below the boundary", () => {
    async function withFeatures(...flags: string[]): Promise<string> {
      const root = await clone(...flags, "--no-single-branch");
      for (const b of ["old-feature", "recent-feature"]) {
        await git(root, ["branch", b, `origin/${b}`]);
        await git(root, ["worktree", "add", "-q", path.join(path.dirname(root), b), b]);
      }
      return root;
    }

    it("in a full clone both merged branches go with their worktrees (the control)", async () => {
      const root = await withFeatures();
      for (const b of ["old-feature", "recent-feature"]) {
        const r = await cwt(root, ["rm", b]);
        expect(r.exitCode, r.stderr).toBe(0);
        expect(await branchExists(root, b)).toBe(false);
      }
    });

    it("rm in a depth-20 clone: the worktree goes (its commits are on the remote), the branch is kept as unknown; one merged above the boundary goes", async () => {
      const root = await withFeatures("--depth", "20");
      const old = await cwt(root, ["rm", "old-feature"]);
      expect(old.exitCode, old.stderr).toBe(0);
      expect(old.stderr).toContain("kept branch old-feature: the history is shallow: cannot tell whether it is merged into main");
      expect(await branchExists(root, "old-feature")).toBe(true);
      const recent = await cwt(root, ["rm", "recent-feature"]);
      expect(recent.exitCode, recent.stderr).toBe(0);
      expect(await branchExists(root, "recent-feature")).toBe(false);
    });

    it("prune --merged never selects on an unknown: kept, saying why", async () => {
      const root = await withFeatures("--depth", "20");
      const r = await cwt(root, ["prune", "--merged", "--yes", "--json"]);
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.removed.map((c: { name: string }) => c.name)).toEqual(["recent-feature"]);
      expect(report.kept).toMatchObject([{ name: "old-feature", reasons: [{ code: "MERGE_UNKNOWN" }] }]);
      expect(await branchExists(root, "old-feature")).toBe(true);
      expect(statSync(path.join(path.dirname(root), "old-feature")).isDirectory()).toBe(true);
    });

    it("prune --stale 0d --yes removes the safe worktree but keeps its branch whose merge state is unknown", async () => {
      const root = await withFeatures("--depth", "20");
      const r = await cwt(root, ["prune", "--stale", "0d", "--yes", "--json"]);
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      const old = report.removed.find((c: { name: string }) => c.name === "old-feature");
      expect(old.branchResult).toMatchObject({ action: "keep", branch: "old-feature", done: false });
      expect(old.branchResult.reason).toContain("the history is shallow");
      expect(await branchExists(root, "old-feature")).toBe(true);
      expect(await branchExists(root, "recent-feature")).toBe(false);
    });
  });

  it("prune --stale 0d --yes in a depth-1 clone deletes nothing unknown; kept worktrees are byte-for-byte intact", async () => {
    const root = await clone("--depth", "1");
    const t1 = await ticketWorktree(root, "T-1", 2);
    const topic = await topicWorktree(root);
    await ticketWorktree(root, "T-2", 0); // fresh, at its base: known safe
    const before = { t1: snapshot(t1), topic: snapshot(topic) };
    const r = await cwt(root, ["prune", "--stale", "0d", "--yes", "--json"]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.removed.map((c: { name: string }) => c.name), r.stdout).toEqual(["T-2"]);
    const reasons = Object.fromEntries(report.kept.map((c: { name: string; reasons: { code: string; message: string }[] }) => [c.name, c.reasons]));
    expect(reasons["T-1"]).toMatchObject([{ code: "UNPUSHED", message: "it has 2 commits neither merged into its base nor pushed to any remote branch" }]);
    expect(reasons["topic"]).toMatchObject([{ code: "COMMITS_UNKNOWN", message: expect.stringContaining("the history is shallow") }]);
    expect({ t1: snapshot(t1), topic: snapshot(topic) }).toEqual(before);
    expect(await branchExists(root, "topic")).toBe(true);
    expect(await branchExists(root, "worktree-T-1")).toBe(true);

    // --force removes the worktrees, never the branch whose merge state is unknown.
    const forced = await cwt(root, ["prune", "--stale", "0d", "--yes", "--force", "--json"]);
    expect(forced.exitCode, forced.stderr).toBe(0);
    const topicOut = JSON.parse(forced.stdout).removed.find((c: { name: string }) => c.name === "topic");
    expect(topicOut.branchResult).toMatchObject({ action: "keep", branch: "topic", done: false });
    expect(await branchExists(root, "topic")).toBe(true);
    expect(await branchExists(root, "worktree-T-1")).toBe(true);
  });
});
