// Scenarios 1-3: cwt's worktrees and Claude Code's own, seen by the real Claude Code and by cwt.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectDirName } from "../../src/core/live-sessions.ts";
import { makeRepo } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";
import { claudeHome, listJson, runClaude } from "./claude.ts";
import { type ModelStub, startModelStub } from "./model-stub.ts";

let stub: ModelStub;
beforeAll(async () => {
  stub = await startModelStub();
});
afterAll(async () => {
  await stub.close();
});

describe("the real Claude Code and cwt's worktrees", () => {
  it("1: claude -w T reuses the worktree cwt new made: no second worktree, untracked files intact", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root]);
    const wt = (await runBin(["new", "T-1"], { cwd: repo.root, env: lab.env })).stdout;
    writeFileSync(path.join(wt, "notes.txt"), "mine\n");
    const r = await runClaude(["-w", "T-1", "-p", "hello"], repo.root, lab.env);
    expect(r.stdout + r.stderr).toContain("Not logged in"); // no credentials: it stops after making/entering the worktree
    const worktrees = await listJson(repo.root, lab.env);
    expect(worktrees.map((w) => w.path)).toEqual([repo.root, wt]);
    expect(readFileSync(path.join(wt, "notes.txt"), "utf8")).toBe("mine\n");
    expect(worktrees[1]).toMatchObject({ ticket: "T-1", branch: "worktree-T-1", locked: true, lockReason: expect.stringMatching(/^claude session T-1 \(pid \d+ start \d+\)$/) });
  });

  it("2: a worktree Claude Code made itself shows in cwt list with its lock, resolves with cwt path, and cwt rm takes it (its dead lock released)", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root]);
    await runClaude(["-w", "feature/x", "-p", "hello"], repo.root, lab.env);
    const claudeWt = path.join(repo.root, ".claude/worktrees/feature+x");
    const listed = (await listJson(repo.root, lab.env)).find((w) => w.path === claudeWt);
    expect(listed).toMatchObject({ origin: "claude", branch: "worktree-feature+x", locked: true, liveSession: false });
    expect(await runBin(["path", "feature/x"], { cwd: repo.root, env: lab.env })).toMatchObject({ exitCode: 0, stdout: claudeWt });
    const rm = await runBin(["rm", "feature/x"], { cwd: repo.root, env: lab.env });
    expect(rm.exitCode).toBe(0);
    expect(rm.stderr).toContain("release the lock of a Claude Code session that is no longer running");
    expect(existsSync(claudeWt)).toBe(false);
  });

  it("3: cwt launch T -- -p runs the real Claude Code in the worktree: answer on stdout, exit code, transcript, last activity", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root], stub);
    const wt = (await runBin(["new", "T-3"], { cwd: repo.root, env: lab.env })).stdout;
    stub.script({ text: "the stand-in says hello" });
    const r = await runBin(["launch", "T-3", "--", "-p", "say hello"], { cwd: repo.root, env: lab.env });
    expect(r).toMatchObject({ exitCode: 0, stdout: "the stand-in says hello" });
    const transcripts = readdirSync(path.join(lab.configDir, "projects", projectDirName(wt))).filter((n) => n.endsWith(".jsonl"));
    expect(transcripts.length).toBeGreaterThan(0);
    const listed = (await listJson(repo.root, lab.env)).find((w) => w.path === wt);
    expect(listed?.lastSessionAt).not.toBeNull();
    expect(listed?.liveSession).toBe(false);
    // with no credentials at all, Claude Code's exit code 1 is cwt's
    const offline = claudeHome(repo.env, [repo.root]);
    const failed = await runBin(["launch", "T-3", "--", "-p", "hi"], { cwd: repo.root, env: offline.env });
    expect(failed.exitCode).toBe(1);
  });
});
