// The one git gateway. Every git process cwt starts goes through here: an argument array
// (never a shell), LANG=C, no terminal prompts, git-discovery variables removed, and any
// non-zero exit turned into a GitCommandError carrying argv, exit code and stderr.
import { GitError, simpleGit, type SimpleGit } from "simple-git";
import type { Env } from "../deps.ts";
import { EnvironmentError, GitCommandError } from "../errors.ts";

/** Variables that would point git somewhere other than the cwd we choose. */
export const GIT_DISCOVERY_VARS: readonly string[] = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY"];

export function gitEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !GIT_DISCOVERY_VARS.includes(key)) out[key] = value;
  }
  out.LANG = "C";
  out.LC_ALL = "C";
  out.GIT_TERMINAL_PROMPT = "0";
  // Reading status must not take index.lock: agents may be committing in that worktree right now.
  out.GIT_OPTIONAL_LOCKS = "0";
  return out;
}

/** A non-zero exit, typed so simple-git passes it through unchanged (it re-wraps other errors). */
class GitExit extends GitError {
  readonly exitCode: number;
  readonly stderr: string;
  readonly stdout: string;
  readonly spawnCode: string | undefined;
  constructor(exitCode: number, stdout: string, stderr: string, spawnCode?: string) {
    super(undefined, stderr);
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.spawnCode = spawnCode;
  }
}

/**
 * Git commands that may succeed without printing anything. simple-git waits a fixed 50 ms after
 * any git process that printed nothing before it reports completion (its completion-detection
 * plugin: `if (deferClose) await delay(50)`, not configurable). cwt runs these often (a prune
 * runs two per worktree, a list a status per worktree), so they go to git through execa instead,
 * with the same environment, the same abort signal and the same result.
 */
export function maySucceedSilently(args: readonly string[]): boolean {
  let i = 0;
  while (args[i] === "-C" || args[i]?.startsWith("--git-dir=")) i += args[i] === "-C" ? 2 : 1;
  const [command, sub] = [args[i], args[i + 1]];
  switch (command) {
    case "update-ref":
    case "check-ignore":
    case "merge-base":
    case "config":
    case "ls-files":
    case "cherry":
    case "show-ref":
    case "sparse-checkout":
    case "checkout":
      return true;
    case "rev-list":
      return !args.slice(i + 1).includes("--count"); // a count is always printed
    case "status":
      // With --branch, status always prints its `# branch.oid` and `# branch.head` headers, so
      // simple-git never waits; it costs less per process than execa (a list runs 200 of them).
      return !args.slice(i + 1).includes("--branch");
    case "worktree":
      return sub !== "list";
    default:
      return false;
  }
}

/** At most this many git processes at once through execa, as simple-git's maxConcurrentProcesses. */
const MAX_DIRECT = 8;
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finishing process hands its slot straight to the next waiter, so the count never overshoots.
  if (running >= MAX_DIRECT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export interface GitOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface GitOptions {
  /** Run in this directory (`git -C`); default: the client's base directory. */
  readonly cwd?: string;
}

export class Git {
  readonly baseDir: string;
  readonly #git: SimpleGit;
  readonly #env: Env;
  /** gitEnv(env), built once: a list starts a process per worktree. */
  readonly #gitEnv: Record<string, string>;
  readonly #signal: AbortSignal | undefined;

  constructor(baseDir: string, env: Env, signal?: AbortSignal) {
    this.baseDir = baseDir;
    this.#env = env;
    this.#gitEnv = gitEnv(env);
    this.#signal = signal;
    this.#git = simpleGit({
      baseDir,
      binary: "git",
      maxConcurrentProcesses: 8,
      trimmed: false,
      ...(signal ? { abort: signal } : {}),
      // The user's own environment (EDITOR, PAGER, GIT_SSH_COMMAND, GIT_CONFIG_GLOBAL...) is not
      // attacker input: simple-git would otherwise refuse to run at all when any of them is set.
      // Arguments are built by cwt alone, with --end-of-options before anything a user typed.
      unsafe: {
        allowUnsafeEditor: true,
        allowUnsafePager: true,
        allowUnsafeConfigPaths: true,
        allowUnsafeConfigEnvCount: true,
        allowUnsafeSshCommand: true,
        allowUnsafeAskPass: true,
        allowUnsafeGitProxy: true,
        allowUnsafeDiffExternal: true,
        allowUnsafeTemplateDir: true,
        // cwt itself passes `-c protocol.file.allow=always`, only to clone a submodule from the
        // main checkout's local copy (core/submodules.ts).
        allowUnsafeProtocolOverride: true,
      },
      // simple-git's default treats a non-zero exit with empty stderr as success (its
      // documented trap): reject on every non-zero exit instead.
      errors(error, result) {
        const stdout = Buffer.concat(result.stdOut).toString("utf8");
        const stderr = Buffer.concat(result.stdErr).toString("utf8");
        if (error instanceof Error) {
          return new GitExit(result.exitCode, stdout, stderr || error.message, (error as NodeJS.ErrnoException).code);
        }
        if (result.exitCode !== 0 || error) return new GitExit(result.exitCode, stdout, stderr);
        return undefined;
      },
    }).env(this.#gitEnv);
  }

  /** Runs git; a non-zero exit throws GitCommandError. Returns stdout untrimmed. */
  /**
   * The same client without the abort signal: for a step that must finish once the one before it
   * has happened (a branch deleted after its worktree went, a rollback).
   */
  uninterruptible(): Git {
    const git = new Git(this.baseDir, this.#env);
    git.#detached = true;
    return git;
  }

  /** Its git processes run in their own process group: a Ctrl-C at the terminal does not cut them short either. */
  #detached = false;

  async run(args: readonly string[], options: GitOptions = {}): Promise<string> {
    const out = await this.exec(args, options);
    if (out.exitCode !== 0) throw new GitCommandError(args, out.exitCode, out.stderr);
    return out.stdout;
  }

  /** Runs git where a non-zero exit is an expected answer (e.g. `merge-base --is-ancestor`). */
  async exec(args: readonly string[], options: GitOptions = {}): Promise<GitOutput> {
    const argv = options.cwd !== undefined && options.cwd !== this.baseDir ? ["-C", options.cwd, ...args] : [...args];
    if (maySucceedSilently(argv)) return this.#execDirect(argv);
    try {
      const stdout = await this.#git.raw(argv);
      return { exitCode: 0, stdout, stderr: "" };
    } catch (error) {
      if (error instanceof GitExit) {
        if (error.spawnCode === "ENOENT" || /spawn git ENOENT/.test(error.stderr)) throw gitMissing(error);
        return { exitCode: error.exitCode, stdout: error.stdout, stderr: error.stderr };
      }
      throw error;
    }
  }

  /** `exec` through execa (see maySucceedSilently): same environment, signal and result. */
  async #execDirect(argv: readonly string[]): Promise<GitOutput> {
    const notStarted = () => new Error(`git ${argv.join(" ")} was not started: interrupted`);
    // As simple-git's abort plugin: once aborted, no new git process starts at all.
    if (this.#signal?.aborted) throw notStarted();
    // Loaded on first use: `cwt list` runs only commands that always print, and never needs it.
    const { execa } = await import("execa");
    const r = await withSlot(() => {
      if (this.#signal?.aborted) throw notStarted(); // aborted while waiting for a slot
      return execa("git", argv, {
      cwd: this.baseDir,
      env: this.#gitEnv,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      stripFinalNewline: false,
      maxBuffer: 512 * 1024 * 1024,
      ...(this.#signal ? { cancelSignal: this.#signal } : {}),
      ...(this.#detached ? { detached: true } : {}),
      });
    });
    if (r.exitCode === undefined) {
      if ((r.cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT") throw gitMissing(r.cause);
      throw new Error(r.isCanceled ? `git ${argv.join(" ")} was interrupted` : `git ${argv.join(" ")} failed to run: ${r.shortMessage}`, { cause: r.cause });
    }
    return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
  }
}

function gitMissing(cause: unknown): EnvironmentError {
  return new EnvironmentError("GIT_MISSING", "git was not found on PATH", {
    hint: "install git 2.36 or newer and make sure it is on PATH",
    cause,
  });
}
