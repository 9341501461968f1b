import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DoctorReport } from "../../src/core/doctor.ts";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { CLI_BIN, runCli } from "../helpers/run-cli.ts";

async function doctor(repo: TestRepo, env: Record<string, string>) {
  const r = await runCli(["doctor", "--json"], { cwd: repo.root, env });
  return { exitCode: r.exitCode, stderr: r.stderr, report: JSON.parse(r.stdout) as DoctorReport & { version: number } };
}

function fakeClaudeOnPath(): string {
  const bin = tempDir("cwt-bin-");
  writeFileSync(path.join(bin, "claude"), "#!/bin/sh\nexit 0\n");
  chmodSync(path.join(bin, "claude"), 0o755);
  return bin;
}

async function setup() {
  const repo = await makeRepo();
  const bin = fakeClaudeOnPath();
  const env = { ...repo.env, PATH: `${bin}:${repo.env.PATH}`, CWT_CLAUDE_MANAGED_DIR: tempDir("cwt-managed-") };
  return { repo, env, claude: path.join(bin, "claude") };
}

describe("cwt doctor", () => {
  it("reports a healthy repository: exit 0, git version, claude's path, policy per worktree", async () => {
    const { repo, env, claude } = await setup();
    await runCli(["new", "T-1"], { cwd: repo.root, env });
    const r = await doctor(repo, env);
    expect(r.exitCode).toBe(0);
    expect(r.report).toMatchObject({ version: 1, repository: repo.root, git: expect.stringMatching(/^\d+\.\d+\.\d+$/), claude, findings: [] });
    expect(r.report.worktrees.map((w) => [w.name, w.main, w.bgIsolation.value, w.findings.length])).toEqual([
      ["repo", true, "worktree", 0],
      ["T-1", false, "worktree", 0],
    ]);
  });

  it("says when claude is not on PATH", async () => {
    const repo = await makeRepo();
    const r = await doctor(repo, repo.env);
    expect(r.report.claude).toBeNull();
    expect(r.report.findings.map((f) => f.id)).toEqual(["claude-not-found"]);
    expect(r.exitCode).toBe(0);
  });

  it("finds orphans, missing folders, dead Claude locks, open folders and an unignored worktree root", async () => {
    const { repo, env } = await setup();
    const root = path.join(repo.root, ".claude", "worktrees");
    // git worktree add by hand: .claude/worktrees is not excluded
    await repo.git(["worktree", "add", "-q", "-b", "worktree-open", path.join(root, "open")]);
    chmodSync(path.join(root, "open"), 0o755);
    await repo.git(["worktree", "lock", "--reason", "claude session open (pid 4194001 start 7)", path.join(root, "open")]);
    await repo.git(["worktree", "add", "-q", "-b", "worktree-gone", path.join(root, "gone")]);
    rmSync(path.join(root, "gone"), { recursive: true });
    mkdirSync(path.join(root, "orphan-full"));
    writeFileSync(path.join(root, "orphan-full", "notes.md"), "only copy");
    mkdirSync(path.join(root, "orphan-empty"));
    const r = await doctor(repo, env);
    expect(r.exitCode).toBe(0);
    expect(r.report.findings.map((f) => [f.id, path.basename(f.file ?? "")])).toEqual([
      ["worktree-root-not-ignored", "worktrees"],
      ["orphan-folder", "orphan-empty"],
      ["orphan-folder", "orphan-full"],
    ]);
    expect(r.report.findings[2]?.message).toContain("holding 1 entry");
    const byName = new Map(r.report.worktrees.map((w) => [w.name, w.findings.map((f) => f.id)]));
    expect(byName.get("open")?.sort()).toEqual(["stale-claude-lock", "worktree-readable-by-others"]);
    expect(byName.get("gone")).toEqual(["worktree-folder-missing"]);
  });

  it.runIf(process.platform === "linux")("warns about a live Claude Code session in the main checkout while worktrees exist", async () => {
    const { repo, env } = await setup();
    await runCli(["new", "T-1"], { cwd: repo.root, env });
    const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
    const procStart = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    const sessions = path.join(repo.home, ".claude", "sessions");
    mkdirSync(sessions, { recursive: true });
    writeFileSync(path.join(sessions, `${process.pid}.json`), JSON.stringify({ pid: process.pid, sessionId: "s1", cwd: repo.root, procStart, kind: "interactive" }));
    // a leftover from a crashed session, and one inside the worktree: neither counts
    writeFileSync(path.join(sessions, "4194002.json"), JSON.stringify({ pid: 4194002, cwd: repo.root, procStart: "1" }));
    writeFileSync(path.join(sessions, "1.json"), "{ not json");
    const r = await doctor(repo, env);
    expect(r.report.findings.map((f) => f.id)).toEqual(["session-in-main-checkout"]);
    expect(r.report.findings[0]?.message).toContain(`pid ${process.pid}`);
  });

  it("exits 3 on errors: a symlinked worktree root and policy errors", async () => {
    const { repo, env } = await setup();
    mkdirSync(path.join(repo.root, ".claude"));
    symlinkSync(tempDir(), path.join(repo.root, ".claude", "worktrees"));
    writeFileSync(path.join(repo.root, ".claude", "settings.local.json"), JSON.stringify({ worktree: { bgIsolation: "none" } }));
    const r = await doctor(repo, env);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe("cwt: doctor found 2 errors\n");
    expect(r.report.findings.map((f) => f.id)).toEqual(["worktree-root-symlink"]);
    expect(r.report.worktrees[0]?.findings.map((f) => f.id)).toEqual(["bg-isolation-none-unapproved"]);
  });

  it("prints a human report grouped by worktree", async () => {
    const { repo, env } = await setup();
    await runCli(["new", "T-1"], { cwd: repo.root, env });
    const r = await runCli(["doctor"], { cwd: repo.root, env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^repository /);
    expect(r.stdout).toContain("\nrepo (main) ");
    expect(r.stdout).toContain("\nT-1 ");
  });
});

describe("cwt doctor --fix", () => {
  it("releases exactly the locks Claude Code left for dead processes, never a person's lock, and changes nothing else", async () => {
    const { repo, env } = await setup();
    const dead = (await runCli(["new", "DEAD-1"], { cwd: repo.root, env })).stdout.trim();
    const person = (await runCli(["new", "MINE-1"], { cwd: repo.root, env })).stdout.trim();
    await repo.git(["worktree", "lock", "--reason", "claude session DEAD-1 (pid 4194005 start 9)", dead]);
    await repo.git(["worktree", "lock", "--reason", "keep: release candidate", person]);
    const before = await repo.git(["worktree", "list", "--porcelain"]);
    const r = await runCli(["doctor", "--fix", "--json"], { cwd: repo.root, env });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).fixed).toEqual([expect.objectContaining({ id: "stale-claude-lock", path: dead })]);
    const after = await repo.git(["worktree", "list", "--porcelain"]);
    expect(after).toBe(before.replace("locked claude session DEAD-1 (pid 4194005 start 9)\n", ""));
    expect(after).toContain("locked keep: release candidate");
  });
});

describe("cwt doctor: cwt's Claude Code hooks", () => {
  /** setup() plus a PATH folder whose `cwt` is this checkout's bin/cwt.js. */
  async function setupWithCwt() {
    const s = await setup();
    const bin = tempDir("cwt-self-");
    symlinkSync(CLI_BIN, path.join(bin, "cwt"));
    return { ...s, withCwt: { ...s.env, PATH: `${bin}:${s.env.PATH}` } };
  }

  function writeSettings(file: string, hooks: Record<string, string>) {
    mkdirSync(path.dirname(file), { recursive: true });
    const entries = Object.fromEntries(
      Object.entries(hooks).map(([event, command]) => [event, [{ ...(event === "PreToolUse" ? { matcher: "Edit|Write|MultiEdit|NotebookEdit" } : {}), hooks: [{ type: "command", command }] }]]),
    );
    writeFileSync(file, JSON.stringify({ hooks: entries }, null, 2));
  }

  it("reports none installed without a finding", async () => {
    const { repo, env } = await setup();
    const r = await doctor(repo, env);
    expect(r.report.claudeHooks.scopes.map((s) => [s.scope, s.hooks.length])).toEqual([
      ["local", 0],
      ["project", 0],
      ["user", 0],
    ]);
    expect(r.report.findings).toEqual([]);
    expect((await runCli(["doctor"], { cwd: repo.root, env })).stdout).toContain("claude hooks: not installed");
  });

  it("installed and resolving: an info finding, the scope, each hook's command and what it resolves to (exit 0)", async () => {
    const { repo, withCwt } = await setupWithCwt();
    expect((await runCli(["claude", "install-hooks"], { cwd: repo.root, env: withCwt })).exitCode).toBe(0);
    const r = await doctor(repo, withCwt);
    expect(r.exitCode).toBe(0);
    expect(r.report.findings.map((f) => [f.id, f.severity])).toEqual([["claude-hooks-installed", "info"]]);
    const local = r.report.claudeHooks.scopes.find((s) => s.scope === "local");
    expect(local?.file).toBe(path.join(repo.root, ".claude", "settings.local.json"));
    expect(local?.hooks.map((h) => [h.event, h.command, h.resolves])).toEqual([
      ["WorktreeCreate", "cwt claude worktree-create", true],
      ["WorktreeRemove", "cwt claude worktree-remove", true],
      ["PreToolUse", "cwt claude guard || exit 1", true],
    ]);
    const human = await runCli(["doctor"], { cwd: repo.root, env: withCwt });
    expect(human.stdout).toContain("claude hooks (local): ");
    expect(human.stdout).toMatch(/WorktreeCreate +cwt claude worktree-create {2}-> .*\/cwt\n/);
    expect(human.stdout).toContain("info    claude-hooks-installed");
    expect(human.stdout).toContain("  ok\n");
  });

  it("partially installed (create without remove), in the user's settings: a warning", async () => {
    const { repo, withCwt } = await setupWithCwt();
    writeSettings(path.join(repo.home, ".claude", "settings.json"), { WorktreeCreate: `${CLI_BIN} claude worktree-create` });
    const r = await doctor(repo, withCwt);
    expect(r.exitCode).toBe(0);
    expect(r.report.findings.map((f) => [f.id, f.severity])).toEqual([
      ["claude-hooks-partial", "warning"],
      ["claude-hooks-installed", "info"],
    ]);
    expect(r.report.findings[0]?.message).toContain("leaves the worktrees");
    expect(r.report.claudeHooks.scopes.find((s) => s.scope === "user")?.hooks.map((h) => [h.command, h.resolves, h.resolvedTo])).toEqual([
      [`${CLI_BIN} claude worktree-create`, true, CLI_BIN],
    ]);
  });

  it("a command that no longer resolves: an error per hook (exit 3)", async () => {
    const { repo, env, withCwt } = await setupWithCwt();
    await runCli(["claude", "install-hooks", "--no-guard"], { cwd: repo.root, env: withCwt });
    writeSettings(path.join(repo.root, ".claude", "settings.json"), { PreToolUse: "'/gone/my tools/bin/cwt.js' claude guard" });
    const noCwt = { ...env, PATH: env.PATH.split(":").filter((d) => !existsSync(path.join(d, "cwt"))).join(":") };
    const r = await doctor(repo, noCwt);
    expect(r.exitCode).toBe(3);
    expect(r.report.findings.map((f) => [f.id, f.severity, path.basename(f.file ?? "")])).toEqual([
      ["claude-hook-unresolvable", "error", "settings.local.json"],
      ["claude-hook-unresolvable", "error", "settings.local.json"],
      ["claude-hook-unresolvable", "error", "settings.json"],
    ]);
    expect(r.report.findings[0]?.message).toContain("every claude -w");
    expect(r.report.findings[0]?.jsonPath).toBe("hooks.WorktreeCreate[0].hooks[0].command");
    expect(r.stderr).toBe("cwt: doctor found 3 errors\n");
    const human = await runCli(["doctor"], { cwd: repo.root, env: noCwt });
    expect(human.stdout).toMatch(/PreToolUse +'\/gone\/my tools\/bin\/cwt.js' claude guard {2}not found/);
  });

  it("the same hook in two scopes: a warning", async () => {
    const { repo, withCwt } = await setupWithCwt();
    await runCli(["claude", "install-hooks"], { cwd: repo.root, env: withCwt });
    await runCli(["claude", "install-hooks", "--scope", "project"], { cwd: repo.root, env: withCwt });
    const r = await doctor(repo, withCwt);
    expect(r.report.findings.filter((f) => f.id === "claude-hooks-duplicate")).toHaveLength(3);
    expect(r.exitCode).toBe(0);
  });
});
