// `cwt policy check` on real repositories with real settings files in each scope. HOME,
// CLAUDE_CONFIG_DIR and the managed-settings folder are temporary; the real ones are never read.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import type { PolicyReport } from "../../src/core/check-policy.ts";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

interface Lab {
  repo: TestRepo;
  wt: string;
  managed: string;
  env: Record<string, string>;
}

async function lab(extraEnv: Record<string, string> = {}): Promise<Lab> {
  const repo = await makeRepo();
  const managed = tempDir("cwt-managed-");
  const env = { ...repo.env, CWT_CLAUDE_MANAGED_DIR: managed, ...extraEnv };
  const created = await runCli(["new", "T-1"], { cwd: repo.root, env });
  expect(created.exitCode).toBe(0);
  return { repo, wt: created.stdout.trim(), managed, env };
}

function put(file: string, content: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const bg = (value: unknown) => ({ worktree: { bgIsolation: value } });

async function check(l: Lab, argv: string[] = ["--worktree", "T-1"], env = l.env) {
  const r = await runCli(["policy", "check", "--json", ...argv], { cwd: l.repo.root, env });
  return { exitCode: r.exitCode, stderr: r.stderr, report: JSON.parse(r.stdout || "null") as PolicyReport };
}

const ids = (report: PolicyReport) => report.findings.map((f) => f.id);

/** Where each scope's file lives for the worktree T-1. */
const scopeFile: Record<string, (l: Lab) => string> = {
  managed: (l) => path.join(l.managed, "managed-settings.json"),
  "managed drop-in": (l) => path.join(l.managed, "managed-settings.d", "10-team.json"),
  local: (l) => path.join(l.repo.root, ".claude", "settings.local.json"),
  "local-legacy": (l) => path.join(l.wt, ".claude", "settings.local.json"),
  project: (l) => path.join(l.wt, ".claude", "settings.json"),
  user: (l) => path.join(l.repo.home, ".claude", "settings.json"),
};

describe("cwt policy check", () => {
  it("passes with no settings anywhere: Claude Code's default isolation", async () => {
    const l = await lab();
    const r = await check(l);
    expect(r.exitCode).toBe(0);
    expect(r.report).toMatchObject({ version: 1, worktree: l.wt, bgIsolation: { value: "worktree", source: null }, findings: [] });
  });

  it.each(Object.keys(scopeFile))("finds \"none\" set in the %s scope, names that file, and refuses without an approval", async (scope) => {
    const l = await lab();
    const file = put(scopeFile[scope]!(l), bg("none"));
    const r = await check(l);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(`cwt: policy check found 1 error for ${l.wt}\n`);
    expect(r.report.bgIsolation).toEqual({ value: "none", source: { scope: scope.startsWith("managed") ? "managed" : scope, file } });
    expect(r.report.findings).toEqual([expect.objectContaining({ id: "bg-isolation-none-unapproved", severity: "error", file, jsonPath: "worktree.bgIsolation" })]);
  });

  it("reads CLAUDE_BG_ISOLATION before every file", async () => {
    const l = await lab();
    put(scopeFile.managed!(l), bg("worktree"));
    const r = await check(l, undefined, { ...l.env, CLAUDE_BG_ISOLATION: "none" });
    expect(r.report.bgIsolation).toEqual({ value: "none", source: { scope: "env", file: "CLAUDE_BG_ISOLATION" } });
    expect(ids(r.report)).toEqual(["bg-isolation-none-unapproved"]);
  });

  it("honours CLAUDE_CONFIG_DIR for the user's settings", async () => {
    const configDir = tempDir("cwt-claude-config-");
    const l = await lab({ CLAUDE_CONFIG_DIR: configDir });
    put(path.join(l.repo.home, ".claude", "settings.json"), bg("none")); // not read: CLAUDE_CONFIG_DIR wins
    const file = put(path.join(configDir, "settings.json"), bg("worktree"));
    const r = await check(l);
    expect(r.report.bgIsolation).toEqual({ value: "worktree", source: { scope: "user", file } });
  });

  it.each([
    ["managed", "user"],
    ["managed drop-in", "managed"],
    ["local", "local-legacy"],
    ["local", "project"],
    ["local-legacy", "project"],
    ["project", "user"],
  ])("%s wins over %s", async (high, low) => {
    const l = await lab();
    const highFile = put(scopeFile[high]!(l), bg("worktree"));
    put(scopeFile[low]!(l), bg("none"));
    const r = await check(l);
    expect(r.exitCode).toBe(0);
    expect(r.report.bgIsolation.source?.file).toBe(highFile);
  });

  it("reads the project settings checked out in the worktree, not the main checkout's", async () => {
    const l = await lab();
    put(path.join(l.repo.root, ".claude", "settings.json"), bg("none"));
    const r = await check(l);
    expect(r.exitCode).toBe(0);
    expect(r.report.bgIsolation.source).toBeNull();
  });

  it("a typo is an error that says Claude Code will ignore it, and the next scope decides", async () => {
    const l = await lab();
    const project = put(scopeFile.project!(l), bg("off"));
    const user = put(scopeFile.user!(l), bg("worktree"));
    const r = await check(l);
    expect(r.exitCode).toBe(3);
    expect(r.report.bgIsolation.source?.file).toBe(user);
    expect(r.report.findings).toEqual([expect.objectContaining({ id: "bg-isolation-invalid", file: project, message: expect.stringContaining("Claude Code will ignore it") })]);
  });

  describe("approvals for \"none\"", () => {
    const approval = (until?: string) => ({ approvals: { bgIsolationNone: { by: "lead@example.com", reason: "monorepo too big for worktrees", ...(until ? { until } : {}) } } });

    it("an approval in the team's cwt.config.json makes \"none\" pass", async () => {
      const l = await lab();
      put(path.join(l.repo.root, "cwt.config.json"), approval("2099-12-31"));
      put(scopeFile.project!(l), bg("none"));
      const r = await check(l);
      expect(r.exitCode).toBe(0);
      expect(r.report.findings).toEqual([]);
    });

    it("an expired approval is an error", async () => {
      const l = await lab();
      put(path.join(l.repo.root, "cwt.config.json"), approval("2026-01-31"));
      put(scopeFile.project!(l), bg("none"));
      const r = await check(l);
      expect(r.exitCode).toBe(3);
      expect(ids(r.report)).toEqual(["bg-isolation-none-approval-expired"]);
    });

    it("an approval in the per-user config does not count", async () => {
      const l = await lab();
      put(path.join(l.repo.home, ".config", "cwt", "config.json"), approval());
      put(scopeFile.project!(l), bg("none"));
      const r = await check(l);
      expect(r.exitCode).toBe(3);
      expect(ids(r.report).sort()).toEqual(["approval-in-user-config", "bg-isolation-none-unapproved"]);
    });
  });

  it("checks baseRef, symlinkDirectories, sparsePaths and allowWrite into the main checkout", async () => {
    const l = await lab();
    put(scopeFile.project!(l), {
      worktree: { baseRef: "develop", symlinkDirectories: ["node_modules", "../outside"], sparsePaths: ["/etc"] },
      sandbox: { filesystem: { allowWrite: [path.join(l.repo.root, "shared"), "./local-out"] } },
    });
    const r = await check(l);
    expect(r.exitCode).toBe(3);
    expect(r.report.findings.map((f) => [f.id, f.jsonPath])).toEqual([
      ["base-ref-invalid", "worktree.baseRef"],
      ["worktree-paths-invalid", "worktree.symlinkDirectories[1]"],
      ["worktree-paths-invalid", "worktree.sparsePaths[0]"],
      ["sandbox-allow-write-main-checkout", "sandbox.filesystem.allowWrite[0]"],
    ]);
  });

  it("warns about a tracked settings.local.json and a settings file symlinked outside the repository", async () => {
    const l = await lab();
    const outside = put(path.join(tempDir(), "settings.json"), {});
    symlinkSync(outside, path.join(l.wt, ".claude-settings-link"));
    mkdirSync(path.join(l.wt, ".claude"), { recursive: true });
    symlinkSync(outside, path.join(l.wt, ".claude", "settings.json"));
    put(path.join(l.repo.root, ".claude", "settings.local.json"), {});
    await l.repo.git(["add", "-f", ".claude/settings.local.json"]);
    await l.repo.git(["commit", "-q", "-m", "oops, committed local settings"]);
    const r = await check(l);
    expect(r.exitCode).toBe(0); // warnings only
    expect(ids(r.report).sort()).toEqual(["settings-local-tracked", "settings-symlink-outside"]);
  });

  describe("untrusted settings files give findings, never crashes or hangs", () => {
    const cases: [string, (file: string) => void, string][] = [
      ["comments", (f) => put(f, '{\n  // no comments in JSON\n  "worktree": {}\n}'), "settings-invalid-json"],
      ["trailing comma", (f) => put(f, '{"worktree": {"bgIsolation": "none",}}'), "settings-invalid-json"],
      ["wrong types", (f) => put(f, { worktree: "none" }), "settings-wrong-type"],
      ["a top-level array", (f) => put(f, "[]"), "settings-not-object"],
      ["duplicate keys", (f) => put(f, '{"worktree": {"bgIsolation": "none", "bgIsolation": "worktree"}}'), "settings-duplicate-key"],
      ["a byte-order mark", (f) => put(f, '\uFEFF{"worktree": {}}'), "settings-bom"],
      ["non-UTF-8 bytes", (f) => { mkdirSync(path.dirname(f), { recursive: true }); writeFileSync(f, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])); }, "settings-unreadable"],
      ["3 MiB", (f) => put(f, `{"x": "${"a".repeat(3 * 1024 * 1024)}"}`), "settings-unreadable"],
      ["deep nesting", (f) => put(f, `${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`), "settings-"],
      ["a folder", (f) => mkdirSync(f, { recursive: true }), "settings-unreadable"],
    ];
    it.each(cases)("%s", async (_name, make, id) => {
      const l = await lab();
      const file = scopeFile.project!(l);
      make(file);
      const started = Date.now();
      const r = await check(l);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.report.findings.some((f) => f.id.startsWith(id) && f.file === file)).toBe(true);
    });

    it("a FIFO in place of a settings file", async () => {
      const l = await lab();
      const file = scopeFile.project!(l);
      mkdirSync(path.dirname(file), { recursive: true });
      await execa("mkfifo", [file]);
      const r = await check(l);
      expect(ids(r.report)).toEqual(["settings-unreadable"]);
    });

    it("an unreadable file (mode 000) as a non-root user, or still a finding-free read as root", async () => {
      const l = await lab();
      const file = put(scopeFile.project!(l), bg("worktree"));
      chmodSync(file, 0o000);
      const r = await check(l);
      if (process.getuid?.() === 0) expect(r.exitCode).toBe(0);
      else expect(ids(r.report)).toEqual(["settings-unreadable"]);
    });
  });

  it("defaults to the worktree you stand in, and to the main checkout there", async () => {
    const l = await lab();
    put(scopeFile.project!(l), bg("none"));
    const inWorktree = await runCli(["policy", "check", "--json"], { cwd: l.wt, env: l.env });
    expect((JSON.parse(inWorktree.stdout) as PolicyReport).worktree).toBe(l.wt);
    const inMain = await runCli(["policy", "check", "--json"], { cwd: l.repo.root, env: l.env });
    expect(inMain.exitCode).toBe(0);
    expect((JSON.parse(inMain.stdout) as PolicyReport).worktree).toBe(l.repo.root);
  });

  it("prints a human report on stdout", async () => {
    const l = await lab();
    put(scopeFile.project!(l), bg("none"));
    const r = await runCli(["policy", "check", "--worktree", "T-1"], { cwd: l.repo.root, env: l.env });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain(`bgIsolation: "none" (from ${scopeFile.project!(l)})`);
    expect(r.stdout).toMatch(/error\s+bg-isolation-none-unapproved/);
    expect(r.stdout).toContain("fix: set it to \"worktree\", or record who approved it");
  });
});
