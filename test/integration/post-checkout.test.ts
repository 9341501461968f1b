// The repository's own post-checkout hook, which git runs inside `git worktree add`: its output
// goes to stderr (stdout stays the path), and a failing hook is reported with the worktree's state
// (complete, kept, exit 1), never a half-made worktree left unreported.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const cwt = (repo: TestRepo, argv: string[], stdin?: string) => runCli(argv, { cwd: repo.root, env: repo.env, ...(stdin === undefined ? {} : { stdin }), now: new Date() });

function hook(dir: string, body: string): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "post-checkout");
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

async function withHook(body: string): Promise<TestRepo> {
  const repo = await makeRepo({ "README.md": "r\n", "src/a.txt": "a\n", "docs/b.txt": "b\n" });
  hook(path.join(repo.root, ".git", "hooks"), body);
  return repo;
}

const PRINTS = 'echo "hook stdout: $1 $2 $3"\necho "hook stderr" >&2';
const FAILS = 'echo "hook says no" >&2\nexit 3';

describe("the repository's post-checkout hook", () => {
  it("runs in the new worktree; its output goes to stderr and stdout stays the path", async () => {
    const repo = await withHook(`${PRINTS}\ntouch ran-here`);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(0);
    const wt = path.join(repo.root, ".claude", "worktrees", "T-1");
    expect(r.stdout).toBe(`${wt}\n`);
    expect(r.stderr).toMatch(/^hook stdout: 0{40} [0-9a-f]{40} 1$/m);
    expect(r.stderr).toMatch(/^hook stderr$/m);
    expect(existsSync(path.join(wt, "ran-here"))).toBe(true);
    const json = await cwt(repo, ["new", "T-2", "--json"]);
    expect(JSON.parse(json.stdout).postCheckout).toEqual({ failedWith: null });
  });

  it("a failing hook: exit 1, the path on stdout, the worktree complete and kept, and cwt rm can remove it", async () => {
    const repo = await withHook(FAILS);
    const r = await cwt(repo, ["new", "T-1"]);
    const wt = path.join(repo.root, ".claude", "worktrees", "T-1");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe(`${wt}\n`);
    expect(r.stderr).toContain("hook says no");
    expect(r.stderr).toContain(`cwt: the repository's post-checkout hook failed (exit 3) in ${wt}; the worktree is complete and kept`);
    expect(r.stderr).toContain("hint: its output is above; fix the hook and run it again, or remove the worktree: cwt rm T-1");
    // Complete: every file checked out, nothing missing, and cwt's record is there.
    expect(readFileSync(path.join(wt, "src", "a.txt"), "utf8")).toBe("a\n");
    expect(await repo.git(["status", "--porcelain"], wt)).toBe("");
    const list = JSON.parse((await cwt(repo, ["list", "--json"])).stdout);
    expect(list.worktrees.map((w: { ticket: string | null }) => w.ticket)).toContain("T-1");
    expect(await repo.git(["branch", "--list", "worktree-T-1"])).toContain("worktree-T-1");
    const rm = await cwt(repo, ["rm", "T-1"]);
    expect(rm.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });

  it("--json on a failing hook still prints the document, with the exit code", async () => {
    const repo = await withHook(FAILS);
    const r = await cwt(repo, ["new", "T-1", "--json"]);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).postCheckout).toEqual({ failedWith: 3 });
  });

  it("a hook under core.hooksPath counts the same", async () => {
    const repo = await makeRepo();
    const hooks = path.join(repo.home, "hooks");
    hook(hooks, FAILS);
    await repo.git(["config", "core.hooksPath", hooks]);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("post-checkout hook failed (exit 3)");
    expect(existsSync(path.join(repo.root, ".claude", "worktrees", "T-1", "README.md"))).toBe(true);
  });

  it("in a sparse worktree: the hook runs after the sparse checkout, and a failure is reported the same way", async () => {
    const repo = await withHook(`${PRINTS}\n[ -f src/a.txt ] && [ ! -e docs ] && echo "sparse seen"\nexit 4`);
    writeFileSync(path.join(repo.root, "cwt.config.json"), JSON.stringify({ sparsePaths: ["src"] }));
    await repo.commit("config");
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("sparse seen");
    // git checkout reports a failed hook as its own exit 1 (worktree add passes the hook's code on).
    expect(r.stderr).toMatch(/post-checkout hook failed \(exit 1\)/);
    const wt = r.stdout.trim();
    expect(existsSync(path.join(wt, "src", "a.txt"))).toBe(true);
    expect(existsSync(path.join(wt, "docs"))).toBe(false);
  });

  it("through Claude Code's WorktreeCreate hook: the hook's output on stderr, the failure exits 1 with the worktree kept", async () => {
    const repo = await withHook(FAILS);
    const payload = JSON.stringify({ session_id: "s", transcript_path: "/dev/null", cwd: repo.root, hook_event_name: "WorktreeCreate", name: "job" });
    const r = await cwt(repo, ["claude", "worktree-create"], payload);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("hook says no");
    expect(existsSync(path.join(repo.root, ".claude", "worktrees", "job", "README.md"))).toBe(true);
  });
});
