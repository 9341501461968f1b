// Running the real Claude Code in tests: a prepared temporary HOME (onboarding done, the test
// repository trusted, the stand-in's API key approved), headless (-p) runs, and interactive
// sessions under tmux. Never the real HOME, ~/.claude or network.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import type { ListedWorktree } from "../../src/core/list-worktrees.ts";
import { tempDir } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";
import type { ModelStub } from "./model-stub.ts";
import { CLAUDE_BIN_DIR } from "./setup.ts";

export const CLAUDE = path.join(CLAUDE_BIN_DIR, "claude");
const API_KEY = "sk-ant-test-0123456789abcdefghijklmnop";

export interface ClaudeHome {
  readonly home: string;
  readonly configDir: string;
  /** The environment for claude and cwt: temporary HOME, the stand-in model, claude on PATH. */
  readonly env: Record<string, string>;
}

/** A HOME in which Claude Code starts without questions, for `trusted` main checkouts. */
export function claudeHome(baseEnv: Record<string, string>, trusted: readonly string[], stub?: ModelStub): ClaudeHome {
  const home = tempDir("cwt-lab-home-");
  const configDir = path.join(home, ".claude");
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    path.join(home, ".claude.json"),
    JSON.stringify({
      hasCompletedOnboarding: true,
      bypassPermissionsModeAccepted: true,
      customApiKeyResponses: { approved: [API_KEY.slice(-20)], rejected: [] },
      projects: Object.fromEntries(trusted.map((p) => [p, { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true }])),
    }),
  );
  const env: Record<string, string> = {
    ...baseEnv,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    PATH: `${CLAUDE_BIN_DIR}:${baseEnv.PATH ?? ""}`,
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    TERM: "xterm-256color",
    ...(stub ? { ANTHROPIC_BASE_URL: stub.url, ANTHROPIC_API_KEY: API_KEY } : {}),
  };
  return { home, configDir, env };
}

/** `claude ARGS` headless, in `cwd`. */
export async function runClaude(args: readonly string[], cwd: string, env: Record<string, string>, timeoutMs = 60_000) {
  const r = await execa(CLAUDE, args, { cwd, env, extendEnv: false, reject: false, stdin: "ignore", timeout: timeoutMs });
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** An interactive program in a detached tmux session of its own server (socket in a temp folder). */
export class Tmux {
  readonly socket: string;
  readonly name = "lab";
  constructor() {
    this.socket = path.join(tempDir("cwt-tmux-"), "sock");
  }

  private tmux(args: readonly string[]) {
    return execa("tmux", ["-S", this.socket, ...args], { reject: false, stdin: "ignore" });
  }

  async start(command: readonly string[], cwd: string, env: Record<string, string>): Promise<void> {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    const r = await execa("tmux", ["-S", this.socket, "-f", "/dev/null", "new-session", "-d", "-s", this.name, "-x", "160", "-y", "50", "-c", cwd, ...envArgs, ...command], {
      reject: false,
      stdin: "ignore",
      env,
      extendEnv: false,
    });
    if (r.exitCode !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  }

  async screen(): Promise<string> {
    return (await this.tmux(["capture-pane", "-p", "-t", this.name])).stdout;
  }

  async keys(...keys: string[]): Promise<void> {
    await this.tmux(["send-keys", "-t", this.name, ...keys]);
  }

  /** Types literal text (no key-name lookup), then presses Enter. */
  async type(text: string): Promise<void> {
    await this.tmux(["send-keys", "-t", this.name, "-l", text]);
    await new Promise((r) => setTimeout(r, 300));
    await this.tmux(["send-keys", "-t", this.name, "Enter"]);
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = "";
    while (Date.now() < deadline) {
      last = await this.screen();
      if (pattern.test(last)) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${pattern} on screen:\n${last}`);
  }

  async panePid(): Promise<number> {
    return Number((await this.tmux(["display-message", "-p", "-t", this.name, "#{pane_pid}"])).stdout.trim());
  }

  async alive(): Promise<boolean> {
    return (await this.tmux(["has-session", "-t", this.name])).exitCode === 0;
  }

  async kill(): Promise<void> {
    await this.tmux(["kill-server"]);
  }
}

/** `cwt list --json` through the built executable: every worktree, or an error when cwt failed. */
export async function listJson(cwd: string, env: Record<string, string>): Promise<ListedWorktree[]> {
  const r = await runBin(["list", "--json"], { cwd, env });
  if (r.exitCode !== 0) throw new Error(`cwt list failed (${r.exitCode}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { worktrees: ListedWorktree[] }).worktrees;
}

/** Waits until `probe` holds (checked every 200 ms), or fails naming `what`. */
export async function until(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
