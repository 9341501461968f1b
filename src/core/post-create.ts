// postCreate: the team's commands (cwt.config.json) run in a worktree cwt has just created, such as
// installing dependencies. The file is committed by anyone with push access, so a list runs only
// once the user approved that exact list for this repository (post-create-approvals.ts); `--yes`
// approves, `--no-hooks` skips. Each command is an argument array run without a shell, in the new
// worktree, stdin closed, its stdout and stderr handed to `onOutput` (cwt's stderr: cwt's stdout is
// data only). The first failure stops the rest; the worktree stays either way.
import { realOrSelf } from "../io/real-path.ts";
import { execa } from "execa";
import type { Deps, Env } from "../deps.ts";
import { signalExitCode } from "../errors.ts";
import { GIT_DISCOVERY_VARS } from "../git/client.ts";
import { type ApprovalState, approvalState, loadApprovals, saveApproval } from "./post-create-approvals.ts";

export type Commands = readonly (readonly string[])[];

export type PostCreateStatus =
  /** Every command ran and exited 0. */
  | "ran"
  /** A command failed (non-zero exit, killed by a signal, or could not start); the rest did not run. */
  | "failed"
  /** cwt was interrupted while asking or running; the rest did not run. */
  | "interrupted"
  /** --no-hooks. */
  | "skipped"
  /** Not approved, and nobody to ask (no terminal, Claude Code's hook). */
  | "not-approved"
  /** The user answered no. */
  | "declined";

export interface CommandRun {
  readonly argv: readonly string[];
  /** The exit code (128 + signal when killed, 127 not found, 126 not executable); null: not run. */
  readonly exitCode: number | null;
}

export interface CommandFailure {
  /** 0-based position in the list. */
  readonly index: number;
  readonly argv: readonly string[];
  readonly exitCode: number;
  /** Why: a plain non-zero exit, a signal, or it never started. */
  readonly reason: "exit" | "signal" | "not-found" | "not-executable" | "could-not-start";
  readonly signal: string | undefined;
}

export interface PostCreateOutcome {
  readonly status: PostCreateStatus;
  /** How the list came to run: an approval stored earlier, --yes, or the answer at the prompt. */
  readonly approvedBy: "stored" | "--yes" | "prompt" | null;
  /** Before this run: the list was approved, this repository has an approval for another list, or none. */
  readonly approval: ApprovalState;
  readonly commands: readonly CommandRun[];
  readonly failure: CommandFailure | undefined;
  /** Where approvals are kept (undefined: neither XDG_CONFIG_HOME nor HOME is usable). */
  readonly approvalsFile: string | undefined;
  /** The approvals file exists but could not be used (treated as no approvals). */
  readonly approvalsProblem: string | undefined;
  /** The approval (from --yes or the prompt) was recorded in approvalsFile. */
  readonly approvalSaved: boolean;
  /** The approval (from --yes or the prompt) could not be recorded: cwt will ask again. */
  readonly approvalNotSaved: string | undefined;
}

export interface PostCreateTarget {
  readonly worktree: string;
  readonly ticket: string;
  readonly mainRoot: string;
  /**
   * The repository an approval belongs to: the main checkout, or a bare repository itself (whose
   * `mainRoot` is whichever worktree cwt runs in), so one approval serves all its worktrees.
   */
  readonly repository?: string;
}

export interface PostCreateGate {
  /** False: --no-hooks. */
  readonly hooks: boolean;
  /** --yes: approve (and record) without asking. */
  readonly yes: boolean;
  /**
   * Asks the user whether to run (and remember) this list; undefined when nobody can answer (no
   * terminal, Claude Code's hook): then an unapproved list does not run.
   */
  readonly ask: ((commands: Commands, state: ApprovalState) => Promise<boolean>) | undefined;
  /** Called before each command starts (for a progress line). */
  readonly onStart?: ((index: number, argv: readonly string[]) => void) | undefined;
  /** Each chunk a command writes to its stdout or stderr. */
  readonly onOutput: (text: string) => void;
}

type PostCreateDeps = Pick<Deps, "env" | "now" | "signal">;

/** The repository an approval is for: the main checkout's real path. */
export async function repositoryKey(mainRoot: string): Promise<string> {
  return realOrSelf(mainRoot);
}

/** cwt's environment without git's discovery variables (they would point git at another repository), plus cwt's own. */
export function postCreateEnv(env: Env, target: PostCreateTarget): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !GIT_DISCOVERY_VARS.includes(key)) out[key] = value;
  }
  return { ...out, CWT_WORKTREE: target.worktree, CWT_TICKET: target.ticket, CWT_MAIN_CHECKOUT: target.mainRoot };
}

function notRun(commands: Commands): CommandRun[] {
  return commands.map((argv) => ({ argv, exitCode: null }));
}

function untilAborted(signal: AbortSignal): Promise<"aborted"> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve("aborted");
    else signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
}

/** Decides whether the list may run (asking when it can), then runs it. Never throws for a failing command. */
export async function postCreate(commands: Commands, target: PostCreateTarget, gate: PostCreateGate, deps: PostCreateDeps): Promise<PostCreateOutcome> {
  const base = { commands: notRun(commands), failure: undefined, approvalSaved: false, approvalNotSaved: undefined };
  if (!gate.hooks) return { ...base, status: "skipped", approvedBy: null, approval: "none", approvalsFile: undefined, approvalsProblem: undefined };
  const repository = await repositoryKey(target.repository ?? target.mainRoot);
  const loaded = await loadApprovals(deps.env);
  const approval = approvalState(loaded.approvals, repository, commands);
  const facts = { ...base, approval, approvalsFile: loaded.file, approvalsProblem: loaded.problem };

  let approvedBy: PostCreateOutcome["approvedBy"];
  if (approval === "approved") approvedBy = "stored";
  else if (gate.yes) approvedBy = "--yes";
  else if (gate.ask) {
    const answer = await Promise.race([gate.ask(commands, approval), untilAborted(deps.signal)]);
    if (answer === "aborted") return { ...facts, status: "interrupted", approvedBy: null };
    if (!answer) return { ...facts, status: "declined", approvedBy: null };
    approvedBy = "prompt";
  } else {
    return { ...facts, status: "not-approved", approvedBy: null };
  }

  let approvalNotSaved: string | undefined;
  if (approvedBy !== "stored") {
    // Recorded before the first command: a failing command must not cost the approval.
    const saved = await saveApproval(deps.env, repository, commands, deps.now());
    if (!saved.saved) approvalNotSaved = saved.problem;
  }
  const ran = await runCommands(commands, target, gate, deps);
  return { ...facts, ...ran, approvedBy, approvalSaved: approvedBy !== "stored" && approvalNotSaved === undefined, approvalNotSaved };
}

async function runCommands(
  commands: Commands,
  target: PostCreateTarget,
  gate: PostCreateGate,
  deps: PostCreateDeps,
): Promise<Pick<PostCreateOutcome, "status" | "commands" | "failure">> {
  const runs: CommandRun[] = notRun(commands);
  const env = postCreateEnv(deps.env, target);
  for (const [index, argv] of commands.entries()) {
    if (deps.signal.aborted) return { status: "interrupted", commands: runs, failure: undefined };
    const [file, ...args] = argv;
    if (file === undefined) continue; // the schema requires a command; nothing to run
    gate.onStart?.(index, argv);
    const child = execa(file, args, {
      cwd: target.worktree,
      env,
      extendEnv: false,
      shell: false,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      buffer: false,
      reject: false,
      cancelSignal: deps.signal,
      windowsHide: true,
    });
    child.stdout?.setEncoding("utf8").on("data", (text: string) => gate.onOutput(text));
    child.stderr?.setEncoding("utf8").on("data", (text: string) => gate.onOutput(text));
    const result = await child;
    if (result.isCanceled || deps.signal.aborted) {
      runs[index] = { argv, exitCode: result.signal ? signalExitCode(result.signal) : (result.exitCode ?? null) };
      return { status: "interrupted", commands: runs, failure: undefined };
    }
    let failure: CommandFailure | undefined;
    if (result.signal) {
      failure = { index, argv, exitCode: signalExitCode(result.signal), reason: "signal", signal: result.signal };
    } else if (result.exitCode === undefined) {
      // It never started: the shells' codes for "not found" and "cannot execute".
      const code = (result as { code?: string }).code;
      failure =
        code === "ENOENT"
          ? { index, argv, exitCode: 127, reason: "not-found", signal: undefined }
          : { index, argv, exitCode: 126, reason: code === "EACCES" ? "not-executable" : "could-not-start", signal: undefined };
    } else if (result.exitCode !== 0) {
      failure = { index, argv, exitCode: result.exitCode, reason: "exit", signal: undefined };
    }
    runs[index] = { argv, exitCode: failure ? failure.exitCode : 0 };
    if (failure) return { status: "failed", commands: runs, failure };
  }
  return { status: "ran", commands: runs, failure: undefined };
}
