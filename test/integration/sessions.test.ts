// Live-session detection with real child processes, real `git worktree lock` reasons and
// session files in a temporary CLAUDE_CONFIG_DIR.
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import type { ListedWorktree } from "../../src/core/list-worktrees.ts";
import { projectDirName } from "../../src/core/live-sessions.ts";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const children: ResultPromise[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

/** A real process that stays alive: what a running claude looks like from outside. */
function liveProcess(): { pid: number; start: string } {
  const child = execa("sleep", ["60"], { reject: false });
  children.push(child);
  const pid = child.pid ?? 0;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return { pid, start: stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "" };
}

async function lab() {
  const repo = await makeRepo();
  const configDir = tempDir("cwt-claude-config-");
  const env = { ...repo.env, CLAUDE_CONFIG_DIR: configDir, CWT_CLAUDE_MANAGED_DIR: tempDir() };
  const wt = (await runCli(["new", "T-1"], { cwd: repo.root, env })).stdout.trim();
  return { repo, configDir, env, wt };
}

async function listed(repo: TestRepo, env: Record<string, string>, name = "T-1"): Promise<ListedWorktree> {
  const r = await runCli(["list", "--json"], { cwd: repo.root, env });
  const doc = JSON.parse(r.stdout) as { worktrees: ListedWorktree[] };
  const found = doc.worktrees.find((w) => w.name === name);
  if (!found) throw new Error(`no ${name} in list`);
  return found;
}

function sessionFile(configDir: string, body: unknown, name = "1.json"): void {
  mkdirSync(path.join(configDir, "sessions"), { recursive: true });
  writeFileSync(path.join(configDir, "sessions", name), typeof body === "string" ? body : JSON.stringify(body));
}

describe.runIf(process.platform === "linux")("live Claude Code sessions", () => {
  it("a session file with its cwd inside the worktree and a live pid: list shows it, rm refuses without --force", async () => {
    const { repo, configDir, env, wt } = await lab();
    const p = liveProcess();
    sessionFile(configDir, { pid: p.pid, cwd: path.join(wt, "src"), procStart: p.start, sessionId: "abc", kind: "interactive" }, `${p.pid}.json`);
    expect(await listed(repo, env)).toMatchObject({ liveSession: true, sessionPids: [p.pid] });
    const rm = await runCli(["rm", "T-1"], { cwd: repo.root, env });
    expect(rm.exitCode).toBe(3);
    expect(rm.stderr).toContain("a live Claude Code session runs in it");
    expect((await runCli(["rm", "T-1", "--force"], { cwd: repo.root, env })).exitCode).toBe(0);
  });

  it("a pid reused by another program does not count (start time differs)", async () => {
    const { repo, configDir, env } = await lab();
    const p = liveProcess();
    const { wt } = { wt: path.join(repo.root, ".claude/worktrees/T-1") };
    sessionFile(configDir, { pid: p.pid, cwd: wt, procStart: String(Number(p.start) + 5) });
    expect(await listed(repo, env)).toMatchObject({ liveSession: false, sessionPids: [] });
    expect((await runCli(["rm", "T-1"], { cwd: repo.root, env })).exitCode).toBe(0);
  });

  it("files that do not parse, dead pids and sessions elsewhere are skipped, never fatal", async () => {
    const { repo, configDir, env, wt } = await lab();
    const p = liveProcess();
    sessionFile(configDir, "{ truncated", "1.json");
    sessionFile(configDir, { pid: "not a number", cwd: wt }, "2.json");
    sessionFile(configDir, { pid: 4194003, cwd: wt, procStart: "1" }, "3.json");
    sessionFile(configDir, { pid: p.pid, cwd: repo.root, procStart: p.start }, "4.json"); // the main checkout, not T-1
    sessionFile(configDir, { pid: p.pid, cwd: `${wt}-other`, procStart: p.start }, "5.json"); // a sibling path prefix
    const t1 = await listed(repo, env);
    expect(t1.liveSession).toBe(false);
    expect(await listed(repo, env, "repo")).toMatchObject({ main: true, liveSession: true });
  });

  it("a lock whose reason names a live claude process counts as a live session", async () => {
    const { repo, env, wt } = await lab();
    const p = liveProcess();
    await repo.git(["worktree", "lock", "--reason", `claude session T-1 (pid ${p.pid} start ${p.start})`, wt]);
    expect(await listed(repo, env)).toMatchObject({ liveSession: true, sessionPids: [p.pid] });
    expect((await runCli(["rm", "T-1"], { cwd: repo.root, env })).exitCode).toBe(3);
  });

  it("last session activity comes from the newest transcript for the worktree", async () => {
    const { repo, configDir, env, wt } = await lab();
    const dir = path.join(configDir, "projects", projectDirName(wt));
    mkdirSync(dir, { recursive: true });
    for (const [name, when] of [["old.jsonl", "2026-11-01T00:00:00Z"], ["new.jsonl", "2026-11-20T08:00:00Z"]] as const) {
      writeFileSync(path.join(dir, name), "{}\n");
      utimesSync(path.join(dir, name), new Date(when), new Date(when));
    }
    expect(await listed(repo, env)).toMatchObject({ liveSession: false, lastSessionAt: "2026-11-20T08:00:00.000Z" });
    const table = await runCli(["list"], { cwd: repo.root, env });
    expect(table.stdout).toMatch(/T-1\s+worktree-T-1\s+\S+\s+0s\s+.+ago \(\w+\)\s+4d ago\s/);
  });
});

describe("projectDirName (Claude Code's transcript folder names)", () => {
  it.each([
    ["/home/u/repo/.claude/worktrees/feat", "-home-u-repo--claude-worktrees-feat"],
    ["/a/b_c.d", "-a-b-c-d"],
  ])("%s → %s", (cwd, name) => {
    expect(projectDirName(cwd)).toBe(name);
  });

  it("truncates long paths to 200 characters plus a hash", () => {
    const name = projectDirName(`/${"x".repeat(300)}`);
    expect(name).toMatch(/^-x{199}-[0-9a-z]+$/);
  });
});
