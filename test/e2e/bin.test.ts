// Black-box tests of the built executable: exit codes and the stdout/stderr split.
import { describe, expect, it } from "vitest";
import { hermeticEnv, makeRepo, tempDir } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";

describe("the built cwt executable", () => {
  it("prints its version on stdout and exits 0", async () => {
    const home = tempDir();
    const r = await runBin(["--version"], { cwd: home, env: hermeticEnv(home) });
    expect(r).toMatchObject({ exitCode: 0, stderr: "" });
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("creates a worktree, prints only its path on stdout, and finds it again with cwt path", async () => {
    const repo = await makeRepo();
    const created = await runBin(["new", "PROJ-1"], { cwd: repo.root, env: repo.env });
    expect(created.exitCode).toBe(0);
    expect(created.stdout).toBe(`${repo.root}/.claude/worktrees/PROJ-1`);
    expect(created.stderr).toContain("created worktree PROJ-1");
    const found = await runBin(["path", "PROJ-1"], { cwd: created.stdout, env: repo.env });
    expect(found).toMatchObject({ exitCode: 0, stdout: created.stdout });
    expect(await repo.git(["rev-parse", "--abbrev-ref", "HEAD"], created.stdout)).toBe("worktree-PROJ-1");
  });

  it("says clearly, with exit 4, when run outside a git repository", async () => {
    const dir = tempDir();
    const r = await runBin(["list"], { cwd: dir, env: { ...hermeticEnv(dir), GIT_CEILING_DIRECTORIES: dir } });
    expect(r.exitCode).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^cwt: not inside a git repository/);
  });

  it("runs the policy check and doctor from the bundle (every dependency bundles)", async () => {
    const repo = await makeRepo();
    const env = { ...repo.env, CWT_CLAUDE_MANAGED_DIR: tempDir() };
    repo.write(".claude/settings.local.json", '{"worktree": {"bgIsolation": "off"}}');
    const policy = await runBin(["policy", "check", "--json"], { cwd: repo.root, env });
    expect(policy.exitCode).toBe(3);
    expect(JSON.parse(policy.stdout).findings[0].id).toBe("bg-isolation-invalid");
    const doctor = await runBin(["doctor", "--json"], { cwd: repo.root, env });
    expect(doctor.exitCode).toBe(3);
    expect(JSON.parse(doctor.stdout).version).toBe(1);
  });

  it("stops quietly when the reader of its output goes away (cwt --help | head -1)", async () => {
    const repo = await makeRepo();
    const { execa } = await import("execa");
    const { CLI_BIN } = await import("../helpers/run-cli.ts");
    // A pipe whose reader closes after the first line: cwt writes into a closed pipe (EPIPE).
    const bash = await execa("bash", ["-c", `"${process.execPath}" "${CLI_BIN}" --help | head -1; echo "cwt exit: \${PIPESTATUS[0]}"`], { cwd: repo.root, env: repo.env, extendEnv: false, reject: false });
    expect(bash.stdout.split("\n")[0]).toBe("Usage: cwt [options] [command]");
    expect(bash.stdout).toMatch(/cwt exit: 0$/);
    expect(bash.stderr).not.toMatch(/EPIPE|Unhandled/);
  });

  it("cwt path answers from the file system when it can, and through the full command otherwise", async () => {
    const repo = await makeRepo();
    const made = await runBin(["new", "T-1"], { cwd: repo.root, env: repo.env });
    expect(await runBin(["path", "T-1"], { cwd: repo.root, env: repo.env })).toEqual({ exitCode: 0, stdout: made.stdout, stderr: "" });
    const missing = await runBin(["path", "NOPE"], { cwd: repo.root, env: repo.env });
    expect(missing.exitCode).toBe(4);
    expect(missing.stderr).toMatch(/^cwt: no worktree for ticket "NOPE"/);
    const invalid = await runBin(["path", "../x"], { cwd: repo.root, env: repo.env });
    expect(invalid.exitCode).toBe(2);
  });
});
