import type { CreateResult } from "../core/create-worktree.ts";
// The command side of postCreate (core/post-create.ts), shared by `cwt new`, `cwt launch --new` and
// Claude Code's WorktreeCreate hook: who may be asked, where the commands' output goes (stderr: stdout
// stays the path, so `cd "$(cwt new T)"` works), what is said, and the error for a failure.
import type { Commands, PostCreateOutcome, PostCreateTarget } from "../core/post-create.ts";
import type { Deps } from "../deps.ts";
import { InterruptedError, PartialFailureError } from "../errors.ts";
import {
  type PostCreateCaller,
  postCreateFailure,
  renderPostCreateOutcome,
  renderPostCreateQuestion,
  renderPostCreateStart,
} from "./render/messages.ts";
import { printable } from "./render/printable.ts";

export interface PostCreateFlags {
  /** --yes: approve (and remember) without asking. */
  readonly yes: boolean;
  /** False: --no-hooks. */
  readonly hooks: boolean;
}

/**
 * Runs the list when there is one (undefined: none configured). Asks only when a person can answer
 * and the caller is not Claude Code's hook. Never throws for a failing command: see requirePostCreateDone.
 */
export async function runPostCreate(
  caller: PostCreateCaller,
  target: PostCreateTarget,
  commands: Commands | undefined,
  flags: PostCreateFlags,
  deps: Deps,
): Promise<PostCreateOutcome | undefined> {
  if (commands === undefined || commands.length === 0) return undefined;
  const { postCreate } = await import("../core/post-create.ts"); // execa and zod only when there is a list
  const canAsk = caller !== "claude" && deps.interactive;
  const outcome = await postCreate(
    commands,
    target,
    {
      hooks: flags.hooks,
      yes: flags.yes,
      ask: canAsk ? (list, state) => deps.confirm(renderPostCreateQuestion(list, state, target.worktree)) : undefined,
      onStart: (index, argv) => deps.stderr.write(renderPostCreateStart(index, commands.length, argv)),
      onOutput: (text) => deps.stderr.write(text),
    },
    deps,
  );
  deps.stderr.write(renderPostCreateOutcome(outcome, target.worktree, caller, deps));
  return outcome;
}

/** Throws when a command failed (exit 1) or cwt was interrupted (128 + signal); the worktree stays either way. */
export function requirePostCreateDone(outcome: PostCreateOutcome | undefined, target: PostCreateTarget, deps: Pick<Deps, "stderr">): void {
  if (!outcome) return;
  const failure = postCreateFailure(outcome, target.worktree, target.ticket);
  if (!failure) return;
  if (outcome.status === "interrupted") {
    // The catch-all reports any error after a signal as the interruption: say what stays first.
    deps.stderr.write(`cwt: ${printable(failure.message)}\n`);
    throw new InterruptedError();
  }
  throw new PartialFailureError("POST_CREATE_FAILED", failure.message, { hint: failure.hint });
}

/** After the path is out: a failed post-checkout hook makes the run fail (exit 1), the worktree kept. */
export function requirePostCheckoutDone(created: Pick<CreateResult, "postCheckout" | "path" | "record">): void {
  const failed = created.postCheckout.failedWith;
  if (failed === null) return;
  throw new PartialFailureError("POST_CHECKOUT_FAILED", `the repository's post-checkout hook failed (exit ${failed}) in ${created.path}; the worktree is complete and kept`, {
    hint: `its output is above; fix the hook and run it again, or remove the worktree: cwt rm ${created.record.ticket}`,
  });
}

/** The `postCreate` field of `cwt new --json`: null when the repository has no list. */
export function postCreateJson(outcome: PostCreateOutcome | undefined): unknown {
  if (!outcome) return null;
  return {
    status: outcome.status,
    approvedBy: outcome.approvedBy,
    commands: outcome.commands.map((r) => ({ argv: r.argv, exitCode: r.exitCode })),
  };
}
