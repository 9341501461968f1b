// `cwt claude worktree-create` / `worktree-remove`: Claude Code's WorktreeCreate and WorktreeRemove
// hooks. The payload on stdin is untrusted: zod-checked, unknown extra fields allowed (Claude Code
// adds common fields over time). stdout carries only the created path (Claude reads its last line).
import path from "node:path";
import { z } from "zod";
import { type HookCaller, hookCreate, hookRemove } from "../../core/claude-worktree.ts";
import type { Deps } from "../../deps.ts";
import { ChildExitError, CwtError, RefusedError, UsageError } from "../../errors.ts";
import { openContext } from "../context.ts";
import { requirePostCheckoutDone, requirePostCreateDone, runPostCreate } from "../post-create.ts";
import { printable } from "../render/printable.ts";
import { renderCreated, renderHookKept, renderHookRemoved } from "../render/messages.ts";
import { repositoryPath } from "../../core/repo.ts";

/** Payloads are a few hundred bytes; anything near this is not Claude Code talking. */
const PAYLOAD_LIMIT = 1024 * 1024;

const common = {
  session_id: z.string().max(200).optional(),
  cwd: z.string().max(4096).optional(),
};

const createPayload = z.looseObject({
  ...common,
  hook_event_name: z.literal("WorktreeCreate").optional(),
  name: z.string().max(1024),
});

const removePayload = z.looseObject({
  ...common,
  hook_event_name: z.literal("WorktreeRemove").optional(),
  worktree_path: z.string().min(1).max(4096),
});

async function readPayload<T extends z.ZodType>(schema: T, event: string, deps: Deps): Promise<z.infer<T>> {
  let text: string;
  try {
    text = await deps.readStdin(PAYLOAD_LIMIT);
  } catch (error) {
    throw new UsageError("INVALID_PAYLOAD", `cannot read the ${event} hook payload on stdin: ${(error as Error).message}`);
  }
  if (text.trim() === "") throw new UsageError("INVALID_PAYLOAD", `expected Claude Code's ${event} hook JSON on stdin, got nothing`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError("INVALID_PAYLOAD", `the ${event} hook payload on stdin is not JSON`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError("INVALID_PAYLOAD", `the ${event} hook payload is not what Claude Code sends: ${issue?.path.join(".") || "payload"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

function callerOf(payload: { session_id?: string | undefined }, deps: Deps): HookCaller {
  const pid = deps.env.CLAUDE_PID !== undefined && /^\d{1,10}$/.test(deps.env.CLAUDE_PID) ? Number(deps.env.CLAUDE_PID) : undefined;
  return { pid, sessionId: payload.session_id };
}

/** The repository is the session's: its `cwd` from the payload (absolute), else the hook's own. */
function sessionDeps(payload: { cwd?: string | undefined }, deps: Deps): Deps {
  return payload.cwd !== undefined && path.isAbsolute(payload.cwd) ? { ...deps, cwd: payload.cwd } : deps;
}

/**
 * Claude Code shows a failed hook's stderr as the reason: one line, the hint folded in. (cwt's
 * other commands print a hint on a line of its own.)
 */
async function oneLine(deps: Deps, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof CwtError) || error instanceof ChildExitError) throw error;
    deps.stderr.write(`cwt: ${printable(error.hint ? `${error.message} (${error.hint})` : error.message)}\n`);
    throw new ChildExitError(error.exitCode);
  }
}

export async function runCreate(deps: Deps): Promise<void> {
  await oneLine(deps, () => create(deps));
}

export async function runRemove(deps: Deps): Promise<void> {
  await oneLine(deps, () => remove(deps));
}

async function create(deps: Deps): Promise<void> {
  const payload = await readPayload(createPayload, "WorktreeCreate", deps);
  const at = sessionDeps(payload, deps);
  const { repo, config } = await openContext(at);
  const result = await hookCreate(payload.name, callerOf(payload, deps), repo, config, at);
  deps.stderr.write(result.kind === "created" ? renderCreated(result.created, deps) : `cwt: reopened the existing worktree for ${payload.name}\n`);
  if (result.kind === "created") {
    requirePostCheckoutDone(result.created);
    // postCreate: only an approved list runs (nobody can be asked here); a failure keeps the worktree, exit 1.
    const target = { worktree: result.path, ticket: result.created.record.ticket, mainRoot: repo.mainRoot, repository: repositoryPath(repo) };
    requirePostCreateDone(await runPostCreate("claude", target, config.postCreate, { yes: false, hooks: true }, at), target, deps);
  }
  deps.stdout.write(`${result.path}\n`);
}

async function remove(deps: Deps): Promise<void> {
  const payload = await readPayload(removePayload, "WorktreeRemove", deps);
  const at = sessionDeps(payload, deps);
  const { repo, config } = await openContext(at);
  const result = await hookRemove(payload.worktree_path, callerOf(payload, deps), repo, config, at);
  if (result.kind === "removed") {
    deps.stderr.write(renderHookRemoved(result, deps));
    return;
  }
  throw new RefusedError("KEPT", renderHookKept(result), {
    hint: `nothing was removed; when its work is safe, cwt prune removes it, or: cwt rm ${result.name} --force`,
  });
}
