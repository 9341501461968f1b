import { constants } from "node:os";

// One typed error model. Behaviour branches on `code` or the class, never on message text.
// The exit-code table is documented in README.md ("Exit codes"); keep the two in step.

export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  Refused: 3,
  NotFound: 4,
  CommandNotFound: 127,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The shells' convention: a process ended by a signal exits 128 + the signal's number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export interface ErrorOptions {
  hint?: string | undefined;
  cause?: unknown;
}

export abstract class CwtError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
  }
}

/** An error whose stable code is given where it is raised. */
abstract class CodedError extends CwtError {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Bad command-line input: a malformed ticket, an unknown option value. Exit 2. */
export class UsageError extends CodedError {
  readonly exitCode = ExitCode.Usage;
}

/** A config file that cannot be used; `issues` lists every problem as `path: message`. Exit 2. */
export class ConfigError extends CwtError {
  readonly exitCode = ExitCode.Usage;
  readonly code = "CONFIG_INVALID";
  readonly file: string;
  readonly issues: readonly string[];
  constructor(file: string, issues: readonly string[], options?: ErrorOptions) {
    super(`${file}: ${issues.join("; ")}`, options);
    this.file = file;
    this.issues = issues;
  }
}

/** An action that would lose work or break a safety rule; a flag (named in the hint) overrides. Exit 3. */
export class RefusedError extends CodedError {
  readonly exitCode = ExitCode.Refused;
}

/** The named ticket, worktree or repository does not exist. Exit 4. */
export class NotFoundError extends CodedError {
  readonly exitCode = ExitCode.NotFound;
}

/** The environment cannot run cwt: git missing or too old, a bare repository. Exit 1. */
export class EnvironmentError extends CodedError {
  readonly exitCode = ExitCode.Failure;
}

/** The command to run (claude) does not exist. Exit 127, as shells do. */
export class CommandNotFoundError extends CwtError {
  readonly exitCode = ExitCode.CommandNotFound;
  readonly code = "COMMAND_NOT_FOUND";
}

/** A child that owned the terminal (claude) exited non-zero: cwt exits the same way, silently. */
export class ChildExitError extends CwtError {
  readonly code = "CHILD_EXIT";
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`exited with ${exitCode}`);
    this.exitCode = exitCode;
  }
}

/** A git command failed unexpectedly. Keeps argv, exit code and stderr for the report. Exit 1. */
export class GitCommandError extends CwtError {
  readonly exitCode = ExitCode.Failure;
  readonly code = "GIT_FAILED";
  readonly argv: readonly string[];
  readonly gitExitCode: number;
  readonly stderr: string;
  constructor(argv: readonly string[], gitExitCode: number, stderr: string) {
    const first = stderr.trim().split("\n")[0] ?? "";
    super(`git ${argv.join(" ")} failed (exit ${gitExitCode})${first ? `: ${first}` : ""}`);
    this.argv = argv;
    this.gitExitCode = gitExitCode;
    this.stderr = stderr;
  }
}

/** Some of the work failed (e.g. one removal in a prune); the report says which. Exit 1. */
export class PartialFailureError extends CodedError {
  readonly exitCode = ExitCode.Failure;
}

/** The user interrupted cwt (SIGINT/SIGTERM). Exit 128 + signal number. */
export class InterruptedError extends CwtError {
  readonly code = "INTERRUPTED";
  readonly exitCode: number;
  constructor(signal: NodeJS.Signals = "SIGINT") {
    super(`interrupted by ${signal}`);
    this.exitCode = signalExitCode(signal);
  }
}
