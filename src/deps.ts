// Besides src/cli.ts, the only module that reads `process` (env, cwd, TTY) or the clock.
// Core code receives a Deps and never touches globals, so tests can pass their own.
import { createPlatform } from "./platform/node-platform.ts";
import type { PlatformPort } from "./platform/port.ts";

export type Env = Readonly<Record<string, string | undefined>>;

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** Lets a command that hands the terminal to a child (cwt launch) take over signal handling. */
export interface SignalHub {
  /** While registered, SIGINT/SIGTERM/SIGHUP go to `handler` instead of stopping cwt. Returns the release. */
  forward(handler: (signal: NodeJS.Signals) => void): () => void;
}

export interface Deps {
  readonly cwd: string;
  readonly env: Env;
  readonly now: () => Date;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly platform: PlatformPort;
  /** Aborted on SIGINT/SIGTERM: long operations stop at the next safe point and roll back. */
  readonly signal: AbortSignal;
  readonly signals: SignalHub;
  /** stdin is a terminal: Ctrl-C there reaches every process of the foreground group. */
  readonly stdinIsTTY: boolean;
  /** Whether a person can answer a question: stdin and stderr are terminals. */
  readonly interactive: boolean;
  /** Asks a yes/no question on stderr and reads the answer from stdin (only when interactive). */
  readonly confirm: (question: string) => Promise<boolean>;
  /** chalk level for stderr messages: 0 (none) to 3. */
  readonly colorLevel: 0 | 1 | 2 | 3;
  /**
   * All of stdin as UTF-8 (hook payloads from Claude Code). Rejects past `limit` bytes, and
   * resolves "" when stdin is a terminal: a person at a prompt is not a hook.
   */
  readonly readStdin: (limit: number) => Promise<string>;
  /**
   * Progress of long work (`.worktreeinclude` copies, prune removals): a line on stderr that
   * redraws itself, only when stderr is a terminal; a no-op otherwise.
   */
  readonly progress: Progress;
  /**
   * A named point between two steps of a changing command. Tests set CWT_CRASH_AT=<point> or
   * <point>:SIGINT to have cwt kill itself there (SIGKILL by default), or <point>:SIGSTOP to have it
   * stop there until the test, having changed something meanwhile, sends SIGCONT; otherwise a no-op.
   */
  readonly crashPoint: (point: string) => void;
}

/** Read once and removed: no child (git, a postCreate command, claude and its hooks) inherits it. */
function takeCrashSetting(): string | undefined {
  const setting = process.env.CWT_CRASH_AT;
  delete process.env.CWT_CRASH_AT;
  return setting;
}

function crashPointFor(setting: string | undefined): (point: string) => void {
  if (!setting) return () => undefined;
  const match = /^(.*?)(?::(SIGINT|SIGKILL|SIGSTOP))?$/.exec(setting);
  const at = match?.[1];
  const signal = match?.[2] === "SIGINT" || match?.[2] === "SIGSTOP" ? match[2] : "SIGKILL";
  let fired = false; // once: a second SIGINT means "leave now", which is another test
  return (point) => {
    if (point !== at || fired) return;
    fired = true;
    process.kill(process.pid, signal);
  };
}

/** `done` of `total` units of `label` finished; `done === total` ends the line. */
export type Progress = (label: string, done: number, total: number) => void;

/** A self-redrawing progress line for a terminal: at most every 100 ms, erased when done. */
export function terminalProgress(out: Output, clock: () => number = Date.now): Progress {
  let last = 0;
  let shown = false;
  return (label, done, total) => {
    if (done >= total) {
      if (shown) out.write("\r\u001b[2K");
      shown = false;
      return;
    }
    const now = clock();
    if (now - last < 100) return;
    last = now;
    shown = true;
    out.write(`\r\u001b[2Kcwt: ${label} ${done}/${total}`);
  };
}

async function readAllStdin(limit: number): Promise<string> {
  if (process.stdin.isTTY === true) return "";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error(`stdin is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Colour follows NO_COLOR and FORCE_COLOR; otherwise it is on only when both stdout and stderr
 * are terminals (piped data never carries escape codes, nor do messages beside it).
 */
export function colorLevelFor(env: Env, isTTY: boolean): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force === "0" || force === "false" ? 0 : force === "3" ? 3 : force === "2" ? 2 : 1;
  return isTTY && env.TERM !== "dumb" ? 1 : 0;
}

export function createDeps(signal: AbortSignal, signals: SignalHub): Deps {
  const stdout: Output = { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true };
  const stderr: Output = { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true };
  return {
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
    stdout,
    stderr,
    platform: createPlatform(),
    signal,
    signals,
    stdinIsTTY: process.stdin.isTTY === true,
    interactive: process.stdin.isTTY === true && stderr.isTTY,
    confirm: async (question) => {
      const { createInterface } = await import("node:readline/promises");
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
      } finally {
        rl.close();
      }
    },
    colorLevel: colorLevelFor(process.env, stdout.isTTY && stderr.isTTY),
    readStdin: readAllStdin,
    progress: stderr.isTTY ? terminalProgress(stderr) : () => undefined,
    crashPoint: crashPointFor(takeCrashSetting()),
  };
}
