// `cwt claude worktree-create` / `worktree-remove` fed the documented hook payloads
// (claude-code.md §4) on real repositories.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";
import { projectDirName } from "../../src/core/live-sessions.ts";
import { treeHash } from "../helpers/tree-hash.ts";

const SESSION = "0b6a4c6e-7d0e-4a43-9c1f-2f1d3c4b5a69";

function createPayload(repo: TestRepo, name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: SESSION,
    transcript_path: path.join(repo.home, ".claude", "projects", "x", `${SESSION}.jsonl`),
    cwd: repo.root,
    hook_event_name: "WorktreeCreate",
    name,
    ...extra,
  });
}

function removePayload(repo: TestRepo, worktreePath: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ session_id: SESSION, transcript_path: "/dev/null", cwd: repo.root, hook_event_name: "WorktreeRemove", worktree_path: worktreePath, ...extra });
}

// The real clock: a kept record's time is compared with the worktree's last activity (git's times).
const hook = (repo: TestRepo, sub: "worktree-create" | "worktree-remove", stdin: string, env: Record<string, string> = {}, cwd = repo.root) =>
  runCli(["claude", sub], { cwd, env: { ...repo.env, ...env }, stdin, now: new Date() });

async function created(repo: TestRepo, name: string): Promise<string> {
  const r = await hook(repo, "worktree-create", createPayload(repo, name));
  expect(r.stderr).not.toContain("cwt: invalid");
  expect(r.exitCode).toBe(0);
  return r.stdout.trim();
}

async function branchExists(repo: TestRepo, branch: string): Promise<boolean> {
  return (await repo.gitResult(["show-ref", "--verify", "--quiet", `refs/heads/${branch}`])).exitCode === 0;
}

function adminDirOf(wt: string): string {
  return path.resolve(wt, readFileSync(path.join(wt, ".git"), "utf8").trim().slice("gitdir: ".length));
}

describe("cwt claude worktree-create", () => {
  it("creates the worktree through cwt new's path: folder, branch, 0700, record with the session, .worktreeinclude copied", async () => {
    const repo = await makeRepo({ "README.md": "r\n", ".gitignore": ".env\n", ".worktreeinclude": ".env\n" });
    repo.write(".env", "SECRET=1\n");
    const r = await hook(repo, "worktree-create", createPayload(repo, "bright-running-fox", { prompt_id: "p1", permission_mode: "default", effort: "high" }));
    expect(r.exitCode).toBe(0);
    const wt = path.join(repo.root, ".claude", "worktrees", "bright-running-fox");
    // Only the path on stdout: Claude reads the last non-empty line.
    expect(r.stdout).toBe(`${wt}\n`);
    expect(r.stderr).toContain("created worktree bright-running-fox");
    expect(await repo.git(["rev-parse", "--abbrev-ref", "HEAD"], wt)).toBe("worktree-bright-running-fox");
    expect(statSync(wt).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(wt, ".env"), "utf8")).toBe("SECRET=1\n");
    const record = JSON.parse(readFileSync(path.join(adminDirOf(wt), "cwt.json"), "utf8"));
    expect(record).toMatchObject({ ticket: "bright-running-fox", createdBy: "claude hook", claudeSessionId: SESSION, owner: "owner@example.com", branchCreated: true });
  });

  it.each(["agent-a1b2c3d4", "agent-a0123456789abcdef", "bright-running-fox-2", "bold-oak-a3f2", "feature/auth", ".hidden", "pr-42"])(
    "accepts %j, a name Claude Code accepts or generates",
    async (name) => {
      const repo = await makeRepo();
      const wt = await created(repo, name);
      expect(wt).toBe(path.join(repo.root, ".claude", "worktrees", name.replaceAll("/", "+")));
      expect(existsSync(path.join(wt, "README.md"))).toBe(true);
    },
  );

  it("does not apply the team's ticketPattern to names Claude Code picks", async () => {
    const repo = await makeRepo({ "README.md": "r\n", "cwt.config.json": JSON.stringify({ ticketPattern: "[A-Z]+-\\d+" }) });
    expect(await created(repo, "bright-running-fox")).toContain("bright-running-fox");
    // ...while cwt new still does.
    const r = await runCli(["new", "bright-running-fox-2"], { cwd: repo.root, env: repo.env });
    expect(r.exitCode).toBe(2);
  });

  it("places it by the team's templates", async () => {
    const repo = await makeRepo({ "README.md": "r\n", "cwt.config.json": JSON.stringify({ worktreeRoot: "../wt", folderTemplate: "{repo}-{ticket}", branchTemplate: "claude/{ticket}" }) });
    const wt = await created(repo, "agent-a1b2c3d4");
    expect(wt).toBe(path.join(path.dirname(repo.root), "wt", "repo-agent-a1b2c3d4"));
    expect(await repo.git(["rev-parse", "--abbrev-ref", "HEAD"], wt)).toBe("claude/agent-a1b2c3d4");
  });

  it("gives back the existing worktree for a name Claude reopens, untouched", async () => {
    const repo = await makeRepo();
    const wt = await created(repo, "feature-auth");
    writeFileSync(path.join(wt, "notes.txt"), "work\n");
    const before = treeHash(wt);
    const r = await hook(repo, "worktree-create", createPayload(repo, "feature-auth"));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${wt}\n`);
    expect(r.stderr).toContain("reopened");
    expect(treeHash(wt)).toBe(before);
    expect((await repo.git(["worktree", "list", "--porcelain"])).match(/^worktree /gm)).toHaveLength(2);
  });

  it("reopens a worktree that cwt new or Claude Code itself made", async () => {
    const repo = await makeRepo();
    expect((await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    const claudeMade = path.join(repo.root, ".claude", "worktrees", "own");
    await repo.git(["worktree", "add", "-q", "-b", "worktree-own", claudeMade]);
    expect(await created(repo, "T-1")).toBe(path.join(repo.root, ".claude", "worktrees", "T-1"));
    expect(await created(repo, "own")).toBe(claudeMade);
  });

  it("works when the hook runs inside a linked worktree (the payload's cwd names the session's folder)", async () => {
    const repo = await makeRepo();
    const first = await created(repo, "one");
    const r = await hook(repo, "worktree-create", JSON.stringify({ session_id: SESSION, cwd: first, hook_event_name: "WorktreeCreate", name: "two" }), {}, first);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(repo.root, ".claude", "worktrees", "two"));
  });

  it.each([
    ["a name with a space", { name: "a b" }, 2, /invalid ticket/],
    ["a '..' segment", { name: "../escape" }, 2, /'\.\.' is not allowed/],
    ["a '.git' segment", { name: "x/.git" }, 2, /'\.git' is not allowed/],
    ["an absolute path", { name: "/etc" }, 2, /absolute path/],
    ["65 characters", { name: "a".repeat(65) }, 2, /longer than 64/],
    ["a name git refuses as a branch", { name: "x.lock" }, 2, /invalid branch name/],
    ["no name", { name: undefined }, 2, /payload is not what Claude Code sends: name/],
    ["a number for a name", { name: 42 }, 2, /name/],
    ["another event", { hook_event_name: "WorktreeRemove" }, 2, /hook_event_name/],
  ])("refuses %s with one line, a non-zero exit and nothing on disk", async (_what, extra, code, message) => {
    const repo = await makeRepo();
    const before = await repoState(repo);
    const r = await hook(repo, "worktree-create", createPayload(repo, "x", extra));
    expect(r.exitCode).toBe(code);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(await repoState(repo)).toEqual(before);
  });

  it.each([
    ["empty stdin", "", /got nothing/],
    ["not JSON", "name=x", /not JSON/],
    ["a JSON array", "[]", /not what Claude Code sends/],
  ])("refuses %s", async (_what, stdin, message) => {
    const repo = await makeRepo();
    const before = await repoState(repo);
    const r = await hook(repo, "worktree-create", stdin);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(await repoState(repo)).toEqual(before);
  });

  it("refuses a folder in the way and leaves it alone", async () => {
    const repo = await makeRepo();
    repo.write(".claude/worktrees/taken/mine.txt", "mine\n");
    const r = await hook(repo, "worktree-create", createPayload(repo, "taken"));
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(readFileSync(path.join(repo.root, ".claude/worktrees/taken/mine.txt"), "utf8")).toBe("mine\n");
  });

  it("outside a repository: a clear error, nothing printed on stdout", async () => {
    const repo = await makeRepo();
    const outside = path.dirname(repo.root);
    const r = await hook(repo, "worktree-create", JSON.stringify({ cwd: outside, hook_event_name: "WorktreeCreate", name: "x" }), {}, outside);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/not inside a git repository|not a git repository/i);
  });
});

describe("cwt claude worktree-remove", () => {
  async function setup(name = "job") {
    const repo = await makeRepo();
    const wt = await created(repo, name);
    return { repo, wt };
  }

  async function expectKept(repo: TestRepo, wt: string, env: Record<string, string>, reason: RegExp) {
    const hash = treeHash(wt);
    const before = await repoState(repo);
    const r = await hook(repo, "worktree-remove", removePayload(repo, wt), env);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^cwt: kept .* when Claude Code asked to remove it: .*\(nothing was removed; when its work is safe, cwt prune removes it, or: cwt rm job --force\)$/m);
    expect(r.stderr).toMatch(reason);
    expect(treeHash(wt)).toBe(hash);
    const after = await repoState(repo);
    expect(after.worktrees).toBe(before.worktrees);
    expect(after.branches).toBe(before.branches);
    expect(after.status).toBe(before.status);
    // The reason is recorded where cwt list and cwt prune show it.
    const list = await runCli(["list", "--json"], { cwd: repo.root, env: repo.env });
    const listed = JSON.parse(list.stdout).worktrees.find((w: { path: string }) => w.path === wt);
    expect(listed.keptOnClaudeRemove.reasons.join(" ")).toMatch(reason);
    const table = await runCli(["list"], { cwd: repo.root, env: repo.env });
    expect(table.stdout).toMatch(/kept when Claude Code asked to remove it/);
    return r;
  }

  it("removes a clean worktree and its merged branch", async () => {
    const { repo, wt } = await setup();
    const r = await hook(repo, "worktree-remove", removePayload(repo, wt));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("removed worktree job");
    expect(existsSync(wt)).toBe(false);
    expect(await branchExists(repo, "worktree-job")).toBe(false);
  });

  it("keeps a worktree with a modified file", async () => {
    const { repo, wt } = await setup();
    writeFileSync(path.join(wt, "README.md"), "changed\n");
    await expectKept(repo, wt, {}, /1 modified file/);
  });

  it("keeps a worktree with untracked files", async () => {
    const { repo, wt } = await setup();
    writeFileSync(path.join(wt, "a.txt"), "a");
    writeFileSync(path.join(wt, "b.txt"), "b");
    await expectKept(repo, wt, {}, /2 untracked files/);
  });

  it("keeps a worktree with commits neither merged nor pushed, and its branch", async () => {
    const { repo, wt } = await setup();
    await repo.commit("work", { "w.txt": "w" }, wt);
    await expectKept(repo, wt, {}, /1 commit neither merged into its base nor pushed/);
    expect(await branchExists(repo, "worktree-job")).toBe(true);
  });

  it("keeps a worktree a person locked", async () => {
    const { repo, wt } = await setup();
    await repo.git(["worktree", "lock", "--reason", "on a USB disk", wt]);
    await expectKept(repo, wt, {}, /locked \(on a USB disk\)/);
  });

  it("keeps a worktree another live Claude session holds, but releases the asking session's own lock", async () => {
    const { repo, wt } = await setup();
    // The lock names this test's own process: a live pid with the right start time.
    const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
    await repo.git(["worktree", "lock", "--reason", `claude session job (pid ${process.pid} start ${start})`, wt]);
    await expectKept(repo, wt, { CLAUDE_PID: String(process.pid + 1) }, /live Claude Code session/);
    // The same lock, with the hook run by that very session: Claude asked for its own worktree.
    const r = await hook(repo, "worktree-remove", removePayload(repo, wt), { CLAUDE_PID: String(process.pid) });
    expect(r.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });

  it("ignores the asking session's own session file but not another's", async () => {
    const { repo, wt } = await setup();
    const sessions = path.join(repo.home, ".claude", "sessions");
    repo.write(`${process.pid}.json`, JSON.stringify({ pid: process.pid, sessionId: "other", cwd: wt, kind: "interactive" }), sessions);
    await expectKept(repo, wt, {}, /live Claude Code session runs in it/);
    repo.write(`${process.pid}.json`, JSON.stringify({ pid: process.pid, sessionId: SESSION, cwd: wt, kind: "interactive" }), sessions);
    const r = await hook(repo, "worktree-remove", removePayload(repo, wt));
    expect(r.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });

  it("with the caller's pid known, another live process with the same session id (a resumed twin) still keeps the worktree", async () => {
    const { repo, wt } = await setup();
    const sessions = path.join(repo.home, ".claude", "sessions");
    repo.write(`${process.pid}.json`, JSON.stringify({ pid: process.pid, sessionId: SESSION, cwd: wt, kind: "interactive" }), sessions);
    await expectKept(repo, wt, { CLAUDE_PID: String(process.pid + 1) }, /live Claude Code session runs in it/);
    const r = await hook(repo, "worktree-remove", removePayload(repo, wt), { CLAUDE_PID: String(process.pid) });
    expect(r.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });

  it("releases a dead Claude lock like cwt rm does", async () => {
    const { repo, wt } = await setup();
    await repo.git(["worktree", "lock", "--reason", "claude session job (pid 999999999 start 1)", wt]);
    const r = await hook(repo, "worktree-remove", removePayload(repo, wt));
    expect(r.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });

  it("a kept worktree is removed by prune once its work is safe, never by --force alone", async () => {
    const { repo, wt } = await setup();
    writeFileSync(path.join(wt, "a.txt"), "a");
    await expectKept(repo, wt, {}, /1 untracked file/);
    const forced = await runCli(["prune", "--stale", "30d", "--force", "--yes", "--json"], { cwd: repo.root, env: repo.env, now: new Date() });
    expect(forced.exitCode).toBe(0);
    expect(existsSync(path.join(wt, "a.txt"))).toBe(true);
    const report = JSON.parse(forced.stdout);
    expect(report.kept[0]).toMatchObject({ path: wt, selectedBy: ["Claude Code asked to remove it"] });
    expect(report.kept[0].keptOnClaudeRemove.reasons).toEqual(["it has 1 untracked file"]);
    const text = await runCli(["prune", "--stale", "30d", "--dry-run"], { cwd: repo.root, env: repo.env, now: new Date() });
    expect(text.stderr + text.stdout).toMatch(/also kept when Claude Code asked to remove it/);
    // The stray file is dealt with (moved away by its owner): now prune finishes what Claude asked.
    rmSync(path.join(wt, "a.txt"));
    const pruned = await runCli(["prune", "--stale", "30d", "--yes"], { cwd: repo.root, env: repo.env, now: new Date() });
    expect(pruned.stdout + pruned.stderr).toMatch(/removed +job \(Claude Code asked to remove it\)/);
    expect(pruned.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });

  it("work there after Claude's request, or Claude reopening it, voids the request: prune leaves it alone", async () => {
    const { repo, wt } = await setup();
    writeFileSync(path.join(wt, "a.txt"), "a");
    await expectKept(repo, wt, {}, /1 untracked file/);
    // The stray file is gone, but a Claude session worked there after the request (its transcript).
    rmSync(path.join(wt, "a.txt"));
    await new Promise((r) => setTimeout(r, 1100)); // past the clock's slack
    repo.write("t.jsonl", "{}\n", path.join(repo.home, ".claude", "projects", projectDirName(wt)));
    const after = JSON.parse((await runCli(["prune", "--stale", "30d", "--yes", "--json"], { cwd: repo.root, env: repo.env, now: new Date() })).stdout);
    expect([...after.removed, ...after.kept, ...after.planned].map((c: { selectedBy: string[]; reasons: unknown }) => [c.selectedBy, c.reasons])).toEqual([]);
    expect(existsSync(wt)).toBe(true);
    // Claude reopening it by name clears the request, so cwt list stops showing it.
    expect((await hook(repo, "worktree-create", createPayload(repo, "job"))).stdout.trim()).toBe(wt);
    const list = JSON.parse((await runCli(["list", "--json"], { cwd: repo.root, env: repo.env })).stdout);
    expect(list.worktrees.find((w: { path: string }) => w.path === wt).keptOnClaudeRemove).toBeNull();
  });

  it.each([
    ["the main checkout", (repo: TestRepo) => repo.root, /the main checkout/],
    ["a folder inside the repository that is no worktree", (repo: TestRepo) => path.join(repo.root, "src"), /not a worktree git knows/],
    ["a folder outside the repository", (repo: TestRepo) => path.dirname(repo.root), /not a worktree of this repository/],
  ])("refuses %s and touches nothing", async (_what, target, message) => {
    const { repo } = await setup();
    repo.write("src/x.txt", "x");
    const before = await repoState(repo);
    const r = await hook(repo, "worktree-remove", removePayload(repo, target(repo)));
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(await repoState(repo)).toEqual(before);
  });

  it("refuses a relative path and a malformed payload", async () => {
    const { repo, wt } = await setup();
    const before = await repoState(repo);
    const relative = await hook(repo, "worktree-remove", removePayload(repo, path.relative(repo.root, wt)));
    expect(relative.exitCode).toBe(2);
    expect(relative.stderr).toMatch(/absolute path/);
    const missing = await hook(repo, "worktree-remove", JSON.stringify({ hook_event_name: "WorktreeRemove" }));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/worktree_path/);
    expect(await repoState(repo)).toEqual(before);
    expect(existsSync(wt)).toBe(true);
  });

  it("removes the worktree named through a symlinked path to it", async () => {
    const { repo, wt } = await setup();
    const { symlinkSync } = await import("node:fs");
    const link = path.join(path.dirname(repo.root), "link");
    symlinkSync(wt, link);
    const r = await hook(repo, "worktree-remove", removePayload(repo, link));
    expect(r.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });
});
