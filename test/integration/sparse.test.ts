// Sparse worktrees (issue #12): cwt's `sparsePaths`, else Claude Code's `worktree.sparsePaths`,
// checked out with git sparse-checkout in cone mode on real repositories; and
// `extensions.worktreeConfig`, which git turns on for them, turned off again when cwt turned it on.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";

const FILES = {
  "README.md": "r\n",
  ".gitignore": ".env\n",
  ".worktreeinclude": ".env\nb/.env\n",
  "a/1.txt": "a1\n",
  "a/x/2.txt": "a2\n",
  "b/1.txt": "b1\n",
  "c/1.txt": "c1\n",
  "d/1.txt": "d1\n",
  "d/e/1.txt": "de1\n",
  "d/f/1.txt": "df1\n",
};

const cwt = (repo: TestRepo, argv: string[], env: Record<string, string> = {}) => runCli(argv, { cwd: repo.root, env: { ...repo.env, ...env } });

async function setup(cwtConfig?: Record<string, unknown>): Promise<TestRepo> {
  const repo = await makeRepo(cwtConfig ? { ...FILES, "cwt.config.json": JSON.stringify(cwtConfig) } : FILES);
  repo.write(".env", "SECRET=1\n");
  repo.write("b/.env", "B=1\n");
  return repo;
}

/** Every file under `dir` but .git, relative and sorted. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((p) => p !== ".git")
    .sort();
}

/** git's cone: files under a listed folder, and files directly in the root or in a parent of one. */
function inCone(file: string, folders: readonly string[]): boolean {
  const dir = path.dirname(file);
  return dir === "." || folders.some((f) => file.startsWith(`${f}/`) || f.startsWith(`${dir}/`));
}

const gitConfig = (repo: TestRepo) => readFileSync(path.join(repo.root, ".git", "config"), "utf8");

async function configValue(repo: TestRepo, key: string): Promise<string | undefined> {
  const r = await repo.gitResult(["config", "--local", "--get", key]);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

async function extension(repo: TestRepo): Promise<{ on: string | undefined; mark: string | undefined }> {
  return { on: await configValue(repo, "extensions.worktreeConfig"), mark: await configValue(repo, "cwt.enabledWorktreeConfigExtension") };
}

function claudeSettings(dir: string, file: string, sparsePaths: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), JSON.stringify({ worktree: { sparsePaths } }));
}

async function newWorktree(repo: TestRepo, ticket: string, env: Record<string, string> = {}): Promise<string> {
  const r = await cwt(repo, ["new", ticket], env);
  expect(r.stderr).not.toContain("cwt: error");
  expect(r.exitCode).toBe(0);
  return r.stdout.trim();
}

describe("cwt new with sparsePaths", () => {
  it("checks out only the listed folders and root-level files; git status is clean; record, list and the message say so", async () => {
    const repo = await setup({ sparsePaths: ["a", "d/e/"] });
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(0);
    const wt = r.stdout.trim();
    expect(r.stderr).toContain("cwt: sparse checkout: only a, d/e and root-level files (sparsePaths from cwt config)");
    // Cone mode: the folders, every root-level file, and the files directly in d/ (a parent of d/e).
    // .worktreeinclude's copies still come in, b/.env too (ignored files are not git's to thin out).
    expect(filesIn(wt)).toEqual([".env", ".gitignore", ".worktreeinclude", "README.md", "a/1.txt", "a/x/2.txt", "b/.env", "cwt.config.json", "d/1.txt", "d/e/1.txt"]);
    expect(await repo.git(["status", "--porcelain", "--untracked-files=all"], wt)).toBe("");
    expect(await repo.git(["sparse-checkout", "list"], wt)).toBe("a\nd/e");
    expect(JSON.parse(readFileSync(path.join(repo.root, ".git", "worktrees", "T-1", "cwt.json"), "utf8")).sparsePaths).toEqual(["a", "d/e"]);
    const list = JSON.parse((await cwt(repo, ["list", "--json"])).stdout) as { worktrees: { name: string; sparse: string[] | null }[] };
    expect(list.worktrees.map((w) => [w.name, w.sparse])).toEqual([
      ["repo", null],
      ["T-1", ["a", "d/e"]],
    ]);
    expect((await cwt(repo, ["list"])).stdout).toMatch(/T-1 .*sparse: a, d\/e/);
    // The main checkout stays whole and clean.
    expect(existsSync(path.join(repo.root, "c", "1.txt"))).toBe(true);
    expect(await repo.git(["status", "--porcelain"])).toBe("");
    expect((await repo.gitResult(["config", "--get", "core.sparseCheckout"])).stdout).toBe("");
  });

  it("a full worktree has sparse null and no sparsePaths in its record", async () => {
    const repo = await setup();
    const wt = await newWorktree(repo, "T-1");
    expect(filesIn(wt)).toContain("c/1.txt");
    expect(JSON.parse(readFileSync(path.join(repo.root, ".git", "worktrees", "T-1", "cwt.json"), "utf8"))).not.toHaveProperty("sparsePaths");
    const list = JSON.parse((await cwt(repo, ["list", "--json"])).stdout) as { worktrees: { sparse: unknown }[] };
    expect(list.worktrees.map((w) => w.sparse)).toEqual([null, null]);
    expect(await extension(repo)).toEqual({ on: undefined, mark: undefined });
  });
});

describe("which sparsePaths apply: cwt's config, else Claude Code's settings (managed > local > project > user)", () => {
  type Arrange = (repo: TestRepo) => Record<string, string> | void;
  const user: Arrange = (repo) => claudeSettings(path.join(repo.home, ".claude"), "settings.json", ["c"]);
  const project: Arrange = (repo) => claudeSettings(path.join(repo.root, ".claude"), "settings.json", ["b"]);
  const local: Arrange = (repo) => claudeSettings(path.join(repo.root, ".claude"), "settings.local.json", ["d/f"]);
  const managed: Arrange = (repo) => {
    const dir = path.join(repo.home, "managed");
    claudeSettings(dir, "managed-settings.json", ["a/x"]);
    return { CWT_CLAUDE_MANAGED_DIR: dir };
  };
  it.each<[string, Record<string, unknown> | undefined, Arrange[], string[] | null]>([
    ["the user's ~/.claude/settings.json alone", undefined, [user], ["c"]],
    ["the project's .claude/settings.json over the user's", undefined, [user, project], ["b"]],
    ["settings.local.json over the project's", undefined, [user, project, local], ["d/f"]],
    ["managed settings over every file", undefined, [user, project, local, managed], ["a/x"]],
    ["cwt's sparsePaths over Claude Code's", { sparsePaths: ["a"] }, [user, project, local, managed], ["a"]],
    ["cwt's [] (a full checkout) over Claude Code's", { sparsePaths: [] }, [project], null],
    ["Claude Code's [] in a higher scope: a full checkout", undefined, [user, (repo) => claudeSettings(path.join(repo.root, ".claude"), "settings.json", [])], null],
  ])("%s", async (_what, config, arrange, expected) => {
    const repo = await setup(config);
    let env: Record<string, string> = {};
    for (const step of arrange) env = { ...env, ...(step(repo) ?? {}) };
    const wt = await newWorktree(repo, "T-1", env);
    const list = JSON.parse((await cwt(repo, ["list", "--json"], env)).stdout) as { worktrees: { name: string; sparse: string[] | null }[] };
    expect(list.worktrees.find((w) => w.name === "T-1")?.sparse).toEqual(expected);
    if (expected === null) {
      expect(filesIn(wt)).toEqual(expect.arrayContaining(["a/1.txt", "b/1.txt", "c/1.txt", "d/f/1.txt"]));
      expect((await extension(repo)).on).toBeUndefined();
    } else {
      expect(await repo.git(["sparse-checkout", "list"], wt)).toBe(expected.join("\n"));
      expect(filesIn(wt).filter((f) => f !== "b/.env" && !inCone(f, expected))).toEqual([]);
      for (const folder of expected) expect(filesIn(wt).some((f) => f.startsWith(`${folder}/`))).toBe(true);
    }
  });

  it("Claude Code's WorktreeCreate hook goes through the same path: sparse from Claude's settings, extension released on its remove hook", async () => {
    const repo = await setup();
    const before = gitConfig(repo);
    claudeSettings(path.join(repo.root, ".claude"), "settings.json", ["b"]);
    const payload = (extra: Record<string, unknown>) => JSON.stringify({ session_id: "s-1", transcript_path: "/dev/null", cwd: repo.root, ...extra });
    const created = await runCli(["claude", "worktree-create"], { cwd: repo.root, env: repo.env, stdin: payload({ hook_event_name: "WorktreeCreate", name: "bright-fox" }), now: new Date() });
    expect(created.exitCode).toBe(0);
    const wt = created.stdout.trim();
    expect(filesIn(wt)).toEqual([".env", ".gitignore", ".worktreeinclude", "README.md", "b/.env", "b/1.txt"]);
    expect(await extension(repo)).toEqual({ on: "true", mark: "true" });
    const removed = await runCli(["claude", "worktree-remove"], { cwd: repo.root, env: repo.env, stdin: payload({ hook_event_name: "WorktreeRemove", worktree_path: wt }), now: new Date() });
    expect(removed.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
    expect(gitConfig(repo)).toBe(before);
  });
});

describe("invalid sparsePaths: one line, exit 2, nothing on disk", () => {
  it.each([
    ["../outside", "'..'"],
    ["a/../../x", "'..'"],
    ["/etc", "absolute"],
    ["-rf", "start with '-'"],
    ["a\tb", "control characters"],
    ["a\nb", "control characters"],
    ["src/*", "not a pattern"],
    ["!a", "not a pattern"],
    ["", "empty"],
    ["a//b", "empty or '.' segments"],
    ["./a", "empty or '.' segments"],
    [".git", ".git"],
  ])("cwt config %j (%s)", async (entry, why) => {
    const repo = await setup({ sparsePaths: ["a", entry] });
    const before = await repoState(repo);
    const config = gitConfig(repo);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("sparsePaths.1");
    expect(r.stderr).toContain(why);
    expect(await repoState(repo)).toEqual(before);
    expect(gitConfig(repo)).toBe(config);
  });

  it.each<[string, unknown, string]>([
    ["a '..' folder", ["a", "../x"], "worktree.sparsePaths.1: must not contain '..'"],
    ["an absolute folder", ["/abs"], "worktree.sparsePaths.0: must be a folder relative"],
    ["a number", [1], "worktree.sparsePaths.0: must be a string"],
    ["a string instead of a list", "a", "worktree.sparsePaths: must be a list of folder paths"],
  ])("Claude Code's settings with %s", async (_what, value, message) => {
    const repo = await setup();
    claudeSettings(path.join(repo.root, ".claude"), "settings.json", value);
    const before = await repoState(repo);
    const config = gitConfig(repo);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(path.join(repo.root, ".claude", "settings.json"));
    expect(r.stderr).toContain(message);
    expect(await repoState(repo)).toEqual(before);
    expect(gitConfig(repo)).toBe(config);
  });
});

describe("extensions.worktreeConfig: on while a sparse worktree exists, off again once the last one goes", () => {
  it("cwt rm: kept while another sparse worktree remains, gone with its mark after the last (a full worktree does not keep it)", async () => {
    const repo = await setup({ sparsePaths: ["a"] });
    const before = gitConfig(repo);
    await repo.git(["worktree", "add", "-q", "-b", "plain", path.join(repo.root, "..", "plain")]);
    await newWorktree(repo, "S-1");
    await newWorktree(repo, "S-2");
    expect(await extension(repo)).toEqual({ on: "true", mark: "true" });
    expect((await cwt(repo, ["rm", "S-1"])).exitCode).toBe(0);
    expect(await extension(repo)).toEqual({ on: "true", mark: "true" });
    expect((await cwt(repo, ["rm", "S-2"])).exitCode).toBe(0);
    expect(await extension(repo)).toEqual({ on: undefined, mark: undefined });
    expect(gitConfig(repo)).toBe(before); // byte for byte: no empty [extensions] or [cwt] left
  });

  it("cwt prune removing every sparse worktree at once releases it", async () => {
    const repo = await setup({ sparsePaths: ["a"] });
    const before = gitConfig(repo);
    for (const t of ["S-1", "S-2", "S-3", "S-4", "S-5"]) await newWorktree(repo, t);
    const r = await runCli(["prune", "--stale", "1d", "--yes", "--json"], { cwd: repo.root, env: repo.env, now: new Date("2026-11-27T12:00:00Z") });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).removed).toHaveLength(5);
    expect(gitConfig(repo)).toBe(before);
  });

  it("stays on when the user had it on before cwt (no mark is written)", async () => {
    const repo = await setup({ sparsePaths: ["a"] });
    await repo.git(["config", "extensions.worktreeConfig", "true"]);
    await newWorktree(repo, "S-1");
    expect(await extension(repo)).toEqual({ on: "true", mark: undefined });
    expect((await cwt(repo, ["rm", "S-1"])).exitCode).toBe(0);
    expect(await extension(repo)).toEqual({ on: "true", mark: undefined });
  });

  it("stays on while a worktree cwt did not make still has per-worktree config, and goes with it", async () => {
    const repo = await setup({ sparsePaths: ["a"] });
    const before = gitConfig(repo);
    await newWorktree(repo, "S-1");
    const own = path.join(repo.root, "..", "own");
    await repo.git(["worktree", "add", "-q", "-b", "own", own]);
    await repo.git(["sparse-checkout", "set", "--cone", "b"], own);
    expect((await cwt(repo, ["rm", "S-1"])).exitCode).toBe(0);
    expect(await extension(repo)).toEqual({ on: "true", mark: "true" });
    expect(await repo.git(["status", "--porcelain"], own)).toBe(""); // still sparse, still clean
    expect(existsSync(path.join(own, "c"))).toBe(false);
    expect((await cwt(repo, ["rm", "own"])).exitCode).toBe(0);
    expect(gitConfig(repo)).toBe(before);
  });
});

describe("rollback", () => {
  it("a sparse cwt new that fails half-way leaves nothing: no worktree, branch, folder, extension or mark", async () => {
    const repo = await setup({ sparsePaths: ["a"] });
    const before = await repoState(repo);
    const config = gitConfig(repo);
    const hook = path.join(repo.root, ".git", "hooks", "post-checkout");
    // A failed hook that leaves the checkout incomplete is git's failure: rolled back.
    writeFileSync(hook, "#!/bin/sh\necho hook-made > made-by-hook.txt\nrm README.md\nexit 1\n");
    chmodSync(hook, 0o755);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    const after = await repoState(repo);
    expect({ ...after, exclude: "" }).toEqual({ ...before, exclude: "", claudeDir: null });
    expect(gitConfig(repo)).toBe(config);
  });

  it("rolled back while another sparse worktree exists: the extension stays for that one", async () => {
    const repo = await setup({ sparsePaths: ["a"] });
    await newWorktree(repo, "S-1");
    const hook = path.join(repo.root, ".git", "hooks", "post-checkout");
    writeFileSync(hook, "#!/bin/sh\nrm README.md\nexit 1\n");
    chmodSync(hook, 0o755);
    expect((await cwt(repo, ["new", "T-1"])).exitCode).toBe(1);
    expect(existsSync(path.join(repo.root, ".claude", "worktrees", "T-1"))).toBe(false);
    expect(await extension(repo)).toEqual({ on: "true", mark: "true" });
    expect(await repo.git(["sparse-checkout", "list"], path.join(repo.root, ".claude", "worktrees", "S-1"))).toBe("a");
  });
});
