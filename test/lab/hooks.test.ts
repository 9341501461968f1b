// Scenario 6: cwt installed as the real Claude Code's WorktreeCreate / WorktreeRemove hooks and its
// PreToolUse edit guard (`cwt claude install-hooks`).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";
import { treeHash } from "../helpers/tree-hash.ts";
import { CLAUDE, claudeHome, listJson, runClaude, Tmux, until } from "./claude.ts";
import { type ModelStub, type RecordedRequest, startModelStub } from "./model-stub.ts";

let stub: ModelStub;
const sessions: Tmux[] = [];
beforeAll(async () => {
  stub = await startModelStub();
});
afterEach(async () => {
  stub.otherwise(undefined);
  for (const t of sessions.splice(0)) await t.kill();
});
afterAll(async () => {
  await stub.close();
});

async function installHooks(repo: TestRepo, env: Record<string, string>): Promise<void> {
  const r = await runBin(["claude", "install-hooks"], { cwd: repo.root, env });
  expect(r.exitCode).toBe(0);
  const settings = JSON.parse(readFileSync(path.join(repo.root, ".claude", "settings.local.json"), "utf8"));
  expect(Object.keys(settings.hooks).sort()).toEqual(["PreToolUse", "WorktreeCreate", "WorktreeRemove"]);
}

function adminDirOf(wt: string): string {
  return path.resolve(wt, readFileSync(path.join(wt, ".git"), "utf8").trim().slice("gitdir: ".length));
}

describe("6: the real Claude Code with cwt's hooks installed", () => {
  it("claude -w NAME -p gets its worktree from cwt: cwt's folder mode and record, .worktreeinclude copied", async () => {
    const repo = await makeRepo({ "README.md": "r\n", ".gitignore": ".env\n", ".worktreeinclude": ".env\n" });
    repo.write(".env", "TOKEN=lab\n");
    const lab = claudeHome(repo.env, [repo.root], stub);
    await installHooks(repo, lab.env);
    stub.script({ text: "hello from the stand-in" });
    const r = await runClaude(["-w", "hook-made", "-p", "hi"], repo.root, lab.env);
    expect(r.exitCode).toBe(0);
    const wt = path.join(repo.root, ".claude", "worktrees", "hook-made");
    expect(statSync(wt).mode & 0o777).toBe(0o700); // Claude makes 0755; cwt makes 0700
    expect(readFileSync(path.join(wt, ".env"), "utf8")).toBe("TOKEN=lab\n");
    const record = JSON.parse(readFileSync(path.join(adminDirOf(wt), "cwt.json"), "utf8"));
    expect(record).toMatchObject({ ticket: "hook-made", branch: "worktree-hook-made", createdBy: "claude hook" });
    // The session that asked is recorded: its transcript carries the same id.
    const transcripts = readdirSync(path.join(lab.configDir, "projects"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".jsonl"));
    expect(transcripts.map((f) => path.basename(f, ".jsonl"))).toContain(record.claudeSessionId);
    const listed = (await listJson(repo.root, lab.env)).find((w) => w.path === wt);
    expect(listed).toMatchObject({ origin: "cwt", ticket: "hook-made", branch: "worktree-hook-made" });
    // A second run with the same name reopens it: still two worktrees.
    const again = await runClaude(["-w", "hook-made", "-p", "again"], repo.root, lab.env);
    expect(again.exitCode).toBe(0);
    expect(await listJson(repo.root, lab.env)).toHaveLength(2);
  });

  it("the guard stops a Write into the main checkout from a worktree session given --add-dir, and Claude gets cwt's reason", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root], stub);
    await installHooks(repo, lab.env);
    const wt = (await runBin(["new", "T-6"], { cwd: repo.root, env: lab.env })).stdout;
    const leak = path.join(repo.root, "leak.txt");
    const own = path.join(wt, "own.txt");
    stub.script(
      { tools: [{ name: "Write", input: { file_path: leak, content: "should never land\n" } }] },
      { tools: [{ name: "Write", input: { file_path: own, content: "mine\n" } }] },
      { text: "done" },
    );
    const r = await runClaude(["-p", "write two files", "--add-dir", repo.root, "--permission-mode", "acceptEdits"], wt, lab.env);
    expect(r.exitCode).toBe(0);
    expect(existsSync(leak)).toBe(false);
    expect(readFileSync(own, "utf8")).toBe("mine\n"); // the guard lets the session's own checkout through
    const results = stub.toolResults();
    expect(results).toHaveLength(2);
    const denied = results[0];
    expect(denied?.is_error).toBe(true);
    expect(JSON.stringify(denied?.content)).toMatch(/cwt guard/);
    expect(JSON.stringify(denied?.content)).toContain(path.join(wt, "leak.txt")); // where to write instead
    expect(results[1]?.is_error ?? false).toBe(false);
  });

  it("an interactive -w session that made changes keeps its work when Remove is chosen at exit; a clean one is removed", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root], stub);
    await installHooks(repo, lab.env);
    const tmux = new Tmux();
    sessions.push(tmux);
    await tmux.start([CLAUDE, "-w", "busy"], repo.root, lab.env);
    await tmux.waitFor(/❯/);
    const wt = path.join(repo.root, ".claude", "worktrees", "busy");
    stub.script({ tools: [{ name: "Write", input: { file_path: path.join(wt, "work.txt"), content: "precious\n" } }] }, { text: "written" });
    await tmux.type("write a file");
    await until(() => existsSync(path.join(wt, "work.txt")), "Claude to write work.txt");
    await tmux.waitFor(/written/);
    const before = treeHash(wt);
    await tmux.type("/exit");
    await tmux.waitFor(/Remove worktree/);
    await tmux.keys("Down");
    await tmux.waitFor(/❯ 2\. Remove worktree/);
    await tmux.keys("Enter");
    await until(async () => !(await tmux.alive()), "claude to exit");
    expect(treeHash(wt)).toBe(before);
    expect(readFileSync(path.join(wt, "work.txt"), "utf8")).toBe("precious\n");
    expect(await repo.git(["rev-parse", "--abbrev-ref", "HEAD"], wt)).toBe("worktree-busy");
    const listed = (await listJson(repo.root, lab.env)).find((w) => w.path === wt);
    expect(listed?.keptOnClaudeRemove?.reasons).toEqual(["it has 1 untracked file"]);

    // A session that changed nothing: Claude asks cwt to remove it, and cwt does (the asking
    // session's own session file is not "another live session").
    const clean = new Tmux();
    sessions.push(clean);
    await clean.start([CLAUDE, "-w", "idle"], repo.root, lab.env);
    await clean.waitFor(/❯/);
    const idle = path.join(repo.root, ".claude", "worktrees", "idle");
    expect(existsSync(idle)).toBe(true);
    await clean.type("/exit");
    const screen = await Promise.race([
      clean.waitFor(/Remove worktree/).then(() => "dialog"),
      until(async () => !(await clean.alive()), "claude to exit").then(() => "exited"),
    ]);
    if (screen === "dialog") {
      await clean.keys("Down");
      await clean.waitFor(/❯ 2\. Remove worktree/);
      await clean.keys("Enter");
    }
    await until(async () => !(await clean.alive()), "claude to exit");
    await until(() => !existsSync(idle), "cwt to remove the clean worktree");
    expect(await repo.gitResult(["show-ref", "--verify", "--quiet", "refs/heads/worktree-idle"])).toMatchObject({ exitCode: 1 });
  });

  it("a subagent with worktree isolation gets its worktree from cwt, and the guard lets it edit there", async () => {
    const repo = await makeRepo();
    const lab = claudeHome(repo.env, [repo.root], stub);
    await installHooks(repo, lab.env);
    // Each request says which folder its session works in: the subagent's is its worktree. The
    // main session delegates once; the subagent tries the main checkout, then its own worktree.
    const folderOf = (body: RecordedRequest["body"]): string => /Primary working directory: ([^\s\\"]+)/.exec(JSON.stringify(body))?.[1] ?? "";
    let subFolder = "";
    let subTurns = 0;
    stub.script({ tools: [{ name: "Agent", input: { description: "write a file", prompt: "write sub.txt", subagent_type: "general-purpose", isolation: "worktree" } }] });
    stub.otherwise((body) => {
      const folder = folderOf(body);
      if (!folder.includes(`${path.sep}.claude${path.sep}worktrees${path.sep}`)) return { text: "done" };
      subFolder = folder;
      subTurns++;
      if (subTurns === 1) return { tools: [{ name: "Write", input: { file_path: path.join(repo.root, "leak.txt"), content: "no\n" } }] };
      if (subTurns === 2) return { tools: [{ name: "Write", input: { file_path: path.join(folder, "sub.txt"), content: "from the subagent\n" } }] };
      return { text: "subagent done" };
    });
    const r = await runClaude(["-p", "delegate", "--permission-mode", "acceptEdits"], repo.root, lab.env);
    expect(r.exitCode).toBe(0);
    const worktrees = (await listJson(repo.root, lab.env)).filter((w) => !w.main);
    expect(worktrees).toHaveLength(1);
    const agent = worktrees[0];
    expect(agent?.name).toMatch(/^agent-a[0-9a-f]+$/); // Claude's name, accepted by cwt
    expect(agent?.origin).toBe("cwt");
    expect(subFolder).toBe(agent?.path);
    // The guard allowed the subagent's edit in its own worktree: its PreToolUse cwd is that worktree.
    expect(readFileSync(path.join(agent?.path ?? "", "sub.txt"), "utf8")).toBe("from the subagent\n");
    const results = stub.toolResults().filter((t) => /leak\.txt|sub\.txt|cwt guard/.test(JSON.stringify(t.content)));
    // The guard runs for the subagent too: its write into the main checkout was stopped, with cwt's reason.
    expect(existsSync(path.join(repo.root, "leak.txt"))).toBe(false);
    expect(results.some((t) => t.is_error === true && JSON.stringify(t.content).includes("cwt guard"))).toBe(true);
    expect(results.some((t) => !t.is_error && JSON.stringify(t.content).includes("sub.txt"))).toBe(true);
  });
});
