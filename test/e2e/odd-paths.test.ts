// A repository under a symlinked parent, with spaces and non-ASCII letters in its path (macOS's
// /tmp and /var are symlinks; Claude Code records real paths): every command agrees on one
// canonical path, whichever spelling the user or Claude stands in.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hermeticEnv, tempDir } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";
import { execa } from "execa";

async function oddRepo(): Promise<{ viaLink: string; real: string; env: Record<string, string> }> {
  const base = tempDir();
  mkdirSync(path.join(base, "real dir", "ünï cödé", "my repo"), { recursive: true });
  symlinkSync(path.join(base, "real dir"), path.join(base, "link"));
  const viaLink = path.join(base, "link", "ünï cödé", "my repo");
  const home = path.join(base, "home");
  mkdirSync(home);
  const env = hermeticEnv(home);
  const git = (args: string[]) => execa("git", args, { cwd: viaLink, env, extendEnv: false });
  await git(["init", "-q", "-b", "main"]);
  writeFileSync(path.join(viaLink, "README.md"), "r\n");
  await git(["add", "."]);
  await git(["commit", "-q", "-m", "initial"]);
  return { viaLink, real: realpathSync(viaLink), env };
}

describe("a repository path with spaces, non-ASCII letters and a symlinked parent", () => {
  it("new, path (fast and full), list, rm and prune agree on the real path, from either spelling", async () => {
    const { viaLink, real, env } = await oddRepo();
    const made = await runBin(["new", "T-1"], { cwd: viaLink, env });
    expect(made.exitCode).toBe(0);
    const wt = path.join(real, ".claude", "worktrees", "T-1");
    expect(made.stdout).toBe(wt);
    expect((await runBin(["path", "T-1"], { cwd: viaLink, env })).stdout).toBe(wt);
    expect((await runBin(["path", "T-1"], { cwd: path.join(viaLink, ".claude", "worktrees", "T-1"), env })).stdout).toBe(wt);
    const list = JSON.parse((await runBin(["list", "--json"], { cwd: viaLink, env })).stdout);
    expect(list.worktrees.map((w: { path: string }) => w.path)).toEqual([real, wt]);
    writeFileSync(path.join(wt, "wip.txt"), "work\n");
    expect((await runBin(["rm", "T-1"], { cwd: viaLink, env })).exitCode).toBe(3); // its work is seen through either spelling
    expect((await runBin(["prune", "--stale", "0m", "--yes", "--json"], { cwd: viaLink, env })).exitCode).toBe(0);
    expect(realpathSync(path.join(wt, "wip.txt"))).toBe(path.join(wt, "wip.txt"));
  });

  it("the guard judges the symlinked spelling of a path like its real one", async () => {
    const { viaLink, real, env } = await oddRepo();
    expect((await runBin(["new", "T-1"], { cwd: viaLink, env })).exitCode).toBe(0);
    const wtLink = path.join(viaLink, ".claude", "worktrees", "T-1");
    const payload = (cwd: string, file: string) =>
      JSON.stringify({ session_id: "s", cwd, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: file, content: "x" } });
    const own = await runBin(["claude", "guard"], { cwd: wtLink, env, stdin: payload(wtLink, path.join(real, ".claude", "worktrees", "T-1", "a.txt")) });
    expect(own).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    const main = await runBin(["claude", "guard"], { cwd: wtLink, env, stdin: payload(wtLink, path.join(viaLink, "README.md")) });
    expect(JSON.parse(main.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });
});
