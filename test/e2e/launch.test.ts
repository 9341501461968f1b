// `cwt launch` with a fake claude on PATH, through the built executable (signals need a real process).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { makeFakeClaude, type FakeClaude } from "../helpers/fake-claude.ts";
import { CLI_BIN, runBin } from "../helpers/run-cli.ts";

interface Lab {
  repo: TestRepo;
  fake: FakeClaude;
  wt: string;
  env: (mode?: "exit" | "trap" | "wait", exit?: number) => Record<string, string>;
}

async function lab(): Promise<Lab> {
  const repo = await makeRepo();
  const fake = makeFakeClaude();
  const base = { ...repo.env, PATH: `${fake.bin}:${repo.env.PATH}`, CWT_CLAUDE_MANAGED_DIR: tempDir("cwt-managed-") };
  const created = await runBin(["new", "T-1"], { cwd: repo.root, env: base });
  expect(created.exitCode).toBe(0);
  return { repo, fake, wt: created.stdout, env: (mode, exit) => ({ ...base, ...fake.env(mode, exit) }) };
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts cwt in its own process group, as a shell job is, so a group signal acts like Ctrl-C. */
function spawnCwt(argv: string[], cwd: string, env: Record<string, string>) {
  return execa(process.execPath, [CLI_BIN, ...argv], { cwd, env, extendEnv: false, reject: false, stdin: "ignore", detached: true });
}

describe("cwt launch", () => {
  it("starts claude inside the worktree with verbatim arguments, git variables removed, CWT_* set", async () => {
    const l = await lab();
    const args = ["-p", "fix it", "--", "$(touch pwned)", "a\nb", "--model=x", ""];
    const r = await runBin(["launch", "T-1", "--", ...args], {
      cwd: l.repo.root,
      env: { ...l.env(), GIT_DIR: "/nowhere/.git", GIT_WORK_TREE: "/nowhere", GIT_INDEX_FILE: "/nowhere/index" },
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    const seen = l.fake.read();
    expect(seen?.cwd).toBe(l.wt);
    expect(seen?.argv).toEqual(args);
    expect(seen?.env).toMatchObject({ CWT_TICKET: "T-1", CWT_WORKTREE: l.wt });
    expect(Object.keys(seen?.env ?? {}).filter((k) => ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"].includes(k))).toEqual([]);
  });

  it("passes claude's exit code through, and says nothing itself", async () => {
    const l = await lab();
    const r = await runBin(["launch", "T-1"], { cwd: l.repo.root, env: l.env("exit", 7) });
    expect(r).toMatchObject({ exitCode: 7, stdout: "", stderr: "" });
  });

  it("with no ticket, launches in the linked worktree you stand in", async () => {
    const l = await lab();
    mkdirSync(path.join(l.wt, "sub"));
    const r = await runBin(["launch"], { cwd: path.join(l.wt, "sub"), env: l.env() });
    expect(r.exitCode).toBe(0);
    expect(l.fake.read()?.cwd).toBe(l.wt);
  });

  it("refuses the main checkout with no ticket, listing the worktrees; --allow-main overrides and says so", async () => {
    const l = await lab();
    const r = await runBin(["launch"], { cwd: l.repo.root, env: l.env() });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("you are in the main checkout");
    expect(r.stderr).toContain("worktrees: T-1");
    expect(l.fake.read()).toBeUndefined();
    const allowed = await runBin(["launch", "--allow-main"], { cwd: l.repo.root, env: l.env() });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stderr).toContain("launching in the main checkout (--allow-main)");
    expect(l.fake.read()?.cwd).toBe(l.repo.root);
  });

  it("--new creates the worktree first, by the same code path as cwt new", async () => {
    const l = await lab();
    const r = await runBin(["launch", "T-2", "--new"], { cwd: l.repo.root, env: l.env() });
    expect(r.exitCode).toBe(0);
    const wt = path.join(l.repo.root, ".claude/worktrees/T-2");
    expect(l.fake.read()?.cwd).toBe(wt);
    expect(await l.repo.git(["branch", "--show-current"], wt)).toBe("worktree-T-2");
    expect((await runBin(["launch", "T-3"], { cwd: l.repo.root, env: l.env() })).exitCode).toBe(4);
  });

  it("refuses to launch on policy errors, printing them, and starts nothing", async () => {
    const l = await lab();
    writeFileSync(path.join(l.repo.root, ".claude", "settings.local.json"), JSON.stringify({ worktree: { bgIsolation: "none" } }));
    const r = await runBin(["launch", "T-1"], { cwd: l.repo.root, env: l.env() });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("bg-isolation-none-unapproved");
    expect(r.stderr).toContain("refusing to launch");
    expect(l.fake.read()).toBeUndefined();
  });

  it("claude missing: exit 127 with how to install it or set the command", async () => {
    const l = await lab();
    const r = await runBin(["launch", "T-1"], { cwd: l.repo.root, env: { ...l.env(), PATH: path.dirname((await execa("which", ["git"])).stdout) } });
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain("cwt: claude not found on PATH");
    expect(r.stderr).toContain("npm install -g @anthropic-ai/claude-code");
    expect(r.stderr).toContain("CWT_CLAUDE");
  });

  it("runs CWT_CLAUDE, or claudeCommand from the per-user config; a committed claudeCommand is refused", async () => {
    const l = await lab();
    const other = makeFakeClaude("my-claude");
    const viaEnv = await runBin(["launch", "T-1"], { cwd: l.repo.root, env: { ...l.env(), ...other.env(), CWT_CLAUDE: path.join(other.bin, "my-claude") } });
    expect(viaEnv.exitCode).toBe(0);
    expect(other.read()?.cwd).toBe(l.wt);
    l.repo.write(".config/cwt/config.json", JSON.stringify({ claudeCommand: [path.join(other.bin, "my-claude"), "--from-config"] }), l.repo.home);
    const viaConfig = await runBin(["launch", "T-1", "--", "x"], { cwd: l.repo.root, env: { ...l.env(), ...other.env() } });
    expect(viaConfig.exitCode).toBe(0);
    expect(other.read()?.argv).toEqual(["--from-config", "x"]);
    l.repo.write("cwt.config.json", JSON.stringify({ claudeCommand: ["sh", "-c", "evil"] }));
    const committed = await runBin(["launch", "T-1"], { cwd: l.repo.root, env: l.env() });
    expect(committed.exitCode).toBe(2);
    expect(committed.stderr).toContain("claudeCommand: may only be set in the per-user config");
  });

  it("--dry-run prints the command, folder and environment changes, and starts nothing", async () => {
    const l = await lab();
    const env = { ...l.env(), GIT_DIR: "/x/.git" };
    const human = await runBin(["launch", "T-1", "--dry-run", "--", "-p", "hi"], { cwd: l.repo.root, env });
    expect(human.exitCode).toBe(0);
    expect(human.stdout.split("\n")).toEqual([
      `command: ${JSON.stringify(path.join(l.fake.bin, "claude"))} "-p" "hi"`,
      `cwd: ${l.wt}`,
      `set: CWT_WORKTREE=${l.wt}`,
      "set: CWT_TICKET=T-1",
      "unset: GIT_DIR",
    ]);
    const json = await runBin(["launch", "T-1", "--dry-run", "--json"], { cwd: l.repo.root, env });
    expect(JSON.parse(json.stdout)).toMatchObject({ version: 1, cwd: l.wt, command: [path.join(l.fake.bin, "claude")], env: { unset: ["GIT_DIR"] } });
    expect(l.fake.read()).toBeUndefined();
  });

  it("Ctrl-C reaches claude (not cwt alone): cwt waits and exits with claude's code", async () => {
    const l = await lab();
    const child = spawnCwt(["launch", "T-1"], l.repo.root, l.env("trap"));
    await until(() => l.fake.read(), "claude to start");
    process.kill(-(child.pid ?? 0), "SIGINT"); // the terminal signals the whole foreground group
    const r = await child;
    expect(r.exitCode).toBe(42);
    expect(l.fake.read()?.state).toBe("got SIGINT");
  });

  it("claude killed by a signal: cwt exits 128 + that signal", async () => {
    const l = await lab();
    const child = spawnCwt(["launch", "T-1"], l.repo.root, l.env("wait"));
    const started = await until(() => l.fake.read(), "claude to start");
    process.kill(started.pid, "SIGKILL");
    expect((await child).exitCode).toBe(137);
  });

  it("SIGTERM to cwt alone is passed on to claude, never leaving it orphaned", async () => {
    const l = await lab();
    const child = spawnCwt(["launch", "T-1"], l.repo.root, l.env("wait"));
    const started = await until(() => l.fake.read(), "claude to start");
    child.kill("SIGTERM");
    expect((await child).exitCode).toBe(143);
    expect(() => process.kill(started.pid, 0)).toThrow(); // claude is gone too
  });

  it("without a terminal (CI, kill -INT), a SIGINT that reaches cwt alone is passed on to claude", async () => {
    const l = await lab();
    const child = spawnCwt(["launch", "T-1"], l.repo.root, l.env("trap"));
    await until(() => l.fake.read(), "claude to start");
    child.kill("SIGINT");
    expect((await child).exitCode).toBe(42);
    expect(l.fake.read()?.state).toBe("got SIGINT");
  });

  it("--new --dry-run creates nothing, and --new with claude missing creates nothing either", async () => {
    const l = await lab();
    const dry = await runBin(["launch", "N-1", "--new", "--dry-run", "--json"], { cwd: l.repo.root, env: l.env() });
    expect(dry.exitCode).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ wouldCreate: true, cwd: path.join(l.repo.root, ".claude/worktrees/N-1") });
    const missing = await runBin(["launch", "N-2", "--new"], { cwd: l.repo.root, env: { ...l.env(), CWT_CLAUDE: "no-such-claude" } });
    expect(missing.exitCode).toBe(127);
    expect(await l.repo.git(["worktree", "list", "--porcelain"])).not.toMatch(/N-1|N-2/);
    expect(await l.repo.git(["branch", "--list", "worktree-N-*"])).toBe("");
  });

  it("hands claude a real terminal (run under script(1), as in an interactive shell)", async () => {
    const l = await lab();
    const command = [process.execPath, CLI_BIN, "launch", "T-1"].map((a) => `'${a}'`).join(" ");
    const r = await execa("script", ["-qec", command, "/dev/null"], { cwd: l.repo.root, env: l.env(), extendEnv: false, reject: false });
    expect(r.exitCode).toBe(0);
    expect(l.fake.read()).toMatchObject({ stdinTTY: true, stdoutTTY: true, cwd: l.wt });
  });

  it("a session cwt launched is live while it runs: list shows it, rm refuses; afterwards list shows when it ran", async () => {
    const l = await lab();
    const child = spawnCwt(["launch", "T-1"], l.repo.root, l.env("wait"));
    const started = await until(() => l.fake.read(), "claude to start");
    const live = await runBin(["list", "--json"], { cwd: l.repo.root, env: l.env() });
    const entry = JSON.parse(live.stdout).worktrees.find((w: { name: string }) => w.name === "T-1");
    expect(entry).toMatchObject({ liveSession: true, sessionPids: [started.pid] });
    const rm = await runBin(["rm", "T-1"], { cwd: l.repo.root, env: l.env() });
    expect(rm.exitCode).toBe(3);
    expect(rm.stderr).toContain(`cwt launch started it as pid ${started.pid}`);
    process.kill(started.pid, "SIGTERM");
    await child;
    const after = JSON.parse((await runBin(["list", "--json"], { cwd: l.repo.root, env: l.env() })).stdout).worktrees.find((w: { name: string }) => w.name === "T-1");
    expect(after.liveSession).toBe(false);
    expect(after.lastSessionAt).toMatch(/^\d{4}-/);
  });
});
