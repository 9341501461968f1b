// Real, throwaway, hermetic git repositories for tests. Never a mocked git.
import { mkdtempSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll } from "vitest";

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary folder (realpath: macOS's /tmp is a symlink), removed after the file's tests. */
export function tempDir(prefix = "cwt-test-"): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** The environment every git and cwt process in a test gets: no user or system config, fixed identity and dates. */
export function hermeticEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    TMPDIR: tmpdir(),
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_SYSTEM: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test Author",
    GIT_AUTHOR_EMAIL: "author@example.com",
    GIT_COMMITTER_NAME: "Test Author",
    GIT_COMMITTER_EMAIL: "author@example.com",
    GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
    GIT_TERMINAL_PROMPT: "0",
    LANG: "C",
    LC_ALL: "C",
    NO_COLOR: "1",
    ...extra,
  };
}

export interface TestRepo {
  /** The main checkout's root. */
  readonly root: string;
  /** A HOME for this repo's processes (holds ~/.config/cwt). */
  readonly home: string;
  readonly env: Record<string, string>;
  /** Runs git in `cwd` (default: the main checkout) and returns trimmed stdout; throws on failure. */
  git(args: readonly string[], cwd?: string): Promise<string>;
  /** Runs git and returns its exit code, stdout and stderr without throwing. */
  gitResult(args: readonly string[], cwd?: string): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  write(file: string, content: string, cwd?: string): void;
  commit(message: string, files?: Record<string, string>, cwd?: string): Promise<string>;
}

export async function makeRepo(files: Record<string, string> = { "README.md": "# test\n" }): Promise<TestRepo> {
  const base = tempDir();
  const root = path.join(base, "repo");
  const home = path.join(base, "home");
  mkdirSync(root);
  mkdirSync(home);
  const env = hermeticEnv(home);
  const gitResult = async (args: readonly string[], cwd = root) => {
    const r = await execa("git", args, { cwd, env, extendEnv: false, reject: false, stdin: "ignore" });
    return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
  };
  const git = async (args: readonly string[], cwd = root) => {
    const r = await gitResult(args, cwd);
    if (r.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  const write = (file: string, content: string, cwd = root) => {
    mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
    writeFileSync(path.join(cwd, file), content);
  };
  const commit = async (message: string, more: Record<string, string> = {}, cwd = root) => {
    for (const [file, content] of Object.entries(more)) write(file, content, cwd);
    await git(["add", "-A"], cwd);
    await git(["commit", "-q", "--allow-empty", "-m", message], cwd);
    return git(["rev-parse", "HEAD"], cwd);
  };
  await git(["init", "-q", "-b", "main"]);
  await git(["config", "user.email", "owner@example.com"]);
  await git(["config", "user.name", "Repo Owner"]);
  await git(["config", "commit.gpgSign", "false"]);
  await git(["config", "gc.auto", "0"]);
  await commit("initial", files);
  return { root, home, env, git, gitResult, write, commit };
}
