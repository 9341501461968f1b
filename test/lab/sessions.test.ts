// Scenarios 4, 5 and 7: live interactive sessions, a session killed with SIGKILL, and which
// settings files the real Claude Code reads in a worktree.
import { treeHash } from "../helpers/tree-hash.ts";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ListedWorktree } from "../../src/core/list-worktrees.ts";
import { makeRepo, tempDir } from "../helpers/git-repo.ts";
import { CLI_BIN, runBin } from "../helpers/run-cli.ts";
import { claudeHome, listJson, runClaude, Tmux, until } from "./claude.ts";
import { type ModelStub, startModelStub } from "./model-stub.ts";

let stub: ModelStub;
const sessions: Tmux[] = [];
beforeAll(async () => {
  stub = await startModelStub();
});
afterEach(async () => {
  for (const t of sessions.splice(0)) await t.kill();
});
afterAll(async () => {
  await stub.close();
});


async function entry(cwd: string, env: Record<string, string>, wt: string): Promise<ListedWorktree | undefined> {
  return (await listJson(cwd, env)).find((w) => w.path === wt);
}

describe("the real Claude Code, interactive", () => {
  it("4: a live session started by cwt launch: listed live, kept by rm and prune --force byte for byte; after /exit a safe prune takes it", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root], stub);
    const wt = (await runBin(["new", "T-4"], { cwd: repo.root, env: lab.env })).stdout;
    writeFileSync(path.join(wt, "wip.txt"), "work in progress\n");
    await repo.git(["add", "wip.txt"], wt);
    await repo.git(["commit", "-q", "-m", "wip"], wt);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge", "worktree-T-4"]);
    const tmux = new Tmux();
    sessions.push(tmux);
    await tmux.start([process.execPath, CLI_BIN, "launch", "T-4"], repo.root, lab.env);
    await tmux.waitFor(/❯/);
    await until(async () => (await entry(repo.root, lab.env, wt))?.liveSession === true, "the session to show as live");
    const listed = await entry(repo.root, lab.env, wt);
    expect(listed?.sessionPids.length).toBeGreaterThan(0);
    const before = treeHash(wt);
    const rm = await runBin(["rm", "T-4"], { cwd: repo.root, env: lab.env });
    expect(rm.exitCode).toBe(3);
    expect(rm.stderr).toContain("live Claude Code session");
    const pruned = await runBin(["prune", "--stale", "0m", "--merged", "--orphans", "--force", "--yes", "--json"], { cwd: repo.root, env: lab.env });
    expect(pruned.exitCode).toBe(0);
    expect(JSON.parse(pruned.stdout).kept).toEqual([expect.objectContaining({ name: "T-4", reasons: [expect.objectContaining({ code: "LIVE_SESSION" })] })]);
    expect(treeHash(wt)).toBe(before);
    await tmux.type("/exit");
    await until(async () => !(await tmux.alive()), "claude and cwt launch to exit");
    expect((await entry(repo.root, lab.env, wt))?.liveSession).toBe(false);
    const after = await runBin(["prune", "--merged", "--yes", "--json"], { cwd: repo.root, env: lab.env });
    expect(JSON.parse(after.stdout).removed).toEqual([expect.objectContaining({ name: "T-4" })]);
    expect(existsSync(wt)).toBe(false);
  });

  it("5: a session killed with SIGKILL leaves a dead lock; doctor reports it and --fix releases exactly that lock", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root], stub);
    const mine = (await runBin(["new", "MINE-1"], { cwd: repo.root, env: lab.env })).stdout;
    await repo.git(["worktree", "lock", "--reason", "keep: my lock", mine]);
    const tmux = new Tmux();
    sessions.push(tmux);
    await tmux.start([path.join(lab.env.PATH?.split(":")[0] ?? "", "claude"), "-w", "K-5"], repo.root, lab.env);
    await tmux.waitFor(/❯/);
    const wt = path.join(repo.root, ".claude/worktrees/K-5");
    await until(async () => (await entry(repo.root, lab.env, wt))?.liveSession === true, "claude -w to hold its worktree");
    process.kill(await tmux.panePid(), "SIGKILL");
    await until(async () => (await entry(repo.root, lab.env, wt))?.liveSession === false, "the session to be gone");
    const doctor = await runBin(["doctor", "--json"], { cwd: repo.root, env: lab.env });
    const k5 = JSON.parse(doctor.stdout).worktrees.find((w: { worktree: string }) => w.worktree === wt);
    expect(k5.findings.map((f: { id: string }) => f.id)).toContain("stale-claude-lock");
    const before = await repo.git(["worktree", "list", "--porcelain"]);
    const fixed = await runBin(["doctor", "--fix", "--json"], { cwd: repo.root, env: lab.env });
    expect(JSON.parse(fixed.stdout).fixed).toEqual([expect.objectContaining({ path: wt })]);
    const after = await repo.git(["worktree", "list", "--porcelain"]);
    expect(after).toBe(before.replace(/locked claude session K-5 \(pid \d+ start \d+\)\n/, ""));
    expect(after).toContain("locked keep: my lock");
  });
});

describe("the real Claude Code's settings files in a worktree", () => {
  it("7: the PreToolUse hooks that run are exactly the settings sources cwt's loader names", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root], stub);
    const wt = (await runBin(["new", "T-7"], { cwd: repo.root, env: lab.env })).stdout;
    const log = path.join(tempDir(), "hooks.log");
    const hookSettings = (scope: string) =>
      JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Write", hooks: [{ type: "command", command: `echo ${scope} >> ${log}` }] }] } });
    const place = (file: string, scope: string) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, hookSettings(scope));
    };
    place(path.join(lab.configDir, "settings.json"), "user");
    place(path.join(wt, ".claude", "settings.json"), "project");
    place(path.join(repo.root, ".claude", "settings.local.json"), "local");
    place(path.join(wt, ".claude", "settings.local.json"), "local-legacy");
    place(path.join(repo.root, ".claude", "settings.json"), "main-project"); // must not apply in the worktree
    stub.script({ tools: [{ name: "Write", input: { file_path: path.join(wt, "out.txt"), content: "x" } }] }, { text: "written" });
    const r = await runClaude(["-p", "write a file", "--permission-mode", "acceptEdits"], wt, lab.env);
    expect(r.exitCode).toBe(0);
    const ran = readFileSync(log, "utf8").split("\n").filter(Boolean).sort();
    const policy = await runBin(["policy", "check", "--worktree", "T-7", "--json"], { cwd: repo.root, env: { ...lab.env, CWT_CLAUDE_MANAGED_DIR: tempDir() } });
    const loaded = (JSON.parse(policy.stdout).sources as { scope: string }[]).map((s) => s.scope).sort();
    expect(ran).toEqual(["local", "local-legacy", "project", "user"]);
    expect(loaded).toEqual(ran);
  });
});
