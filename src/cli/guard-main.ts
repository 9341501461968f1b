// `cwt claude guard`: Claude Code's PreToolUse hook for Edit, Write, MultiEdit and NotebookEdit.
// One entry for both routes: bin/cwt.js requires dist/guard.cjs (src/cli-guard.ts) for exactly
// `cwt claude guard` (no commander, no ESM loader: started on every edit, so start-up is the
// cost), and the commander route (commands/claude-guard.run.ts) calls the same function. The
// decision is src/policy/guard.ts.
//
// Output follows Claude Code's PreToolUse contract (docs: hooks):
//   exit 0, nothing printed: allow;
//   exit 0, JSON on stdout {"hookSpecificOutput": {"permissionDecision": "deny",
//     "permissionDecisionReason": ...}}: deny; Claude shows the reason to the model (the same
//     paragraph also goes to stderr, for people and logs). Never exit 2: the installed command
//     is `cwt claude guard || exit 1`, so that no failure of the command (an older cwt without
//     this subcommand exits 2) can ever read as "deny every edit";
//   exit 1: the guard could not decide (malformed payload, unreadable `.git` file, invalid
//     cwt.config.json), one line on stderr. Claude Code treats it as a non-blocking error and the
//     edit goes ahead. Deliberately: a broken payload or setup must not lock every edit of every
//     session; `cwt doctor` is where a misconfiguration shows.
// CWT_GUARD=off in the session's environment allows everything: the escape hatch for a session
// that really must write across checkouts (start it as `CWT_GUARD=off claude ...`).
import path from "node:path";
import { placeOf, realPathOf, recordedTicket } from "../core/checkout.ts";
import type { Deps } from "../deps.ts";
import { type Checkout, decideEdit, denialReason, GUARDED_TOOLS, mainCheckoutVerdict, type Verdict } from "../policy/guard.ts";
import { type Payload, parsePayload, parseToolPath } from "./guard-payload.ts";

/** Re-exported for src/cli.ts's fast path: from this chunk, not a separate one (one file fewer to load). */
export { createPlatform } from "../platform/node-platform.ts";

/**
 * Write payloads carry the whole new file in `tool_input.content`: the cap is generous (a model
 * writes far less in one tool call) and only keeps a runaway stdin from filling memory.
 */
export const GUARD_STDIN_LIMIT = 16 * 1024 * 1024;

export const GuardExit = { Allow: 0, Problem: 1 } as const;

export type GuardDeps = Pick<Deps, "cwd" | "env" | "stdout" | "stderr" | "readStdin" | "platform">;

/** The guard could not decide; the message says why (one line). */
class Undecided extends Error {}

/** A payload past the read bound: its target cannot be established, and a size never allows. */
class TooLarge extends Error {}

async function readPayload(deps: GuardDeps): Promise<Payload> {
  let text: string;
  try {
    text = await deps.readStdin(GUARD_STDIN_LIMIT);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/stdin is larger than/.test(message)) {
      throw new TooLarge(
        `the hook payload is larger than ${GUARD_STDIN_LIMIT / 1024 / 1024} MiB, so cwt cannot establish which file it writes: denied (write the file in smaller parts, or start the session with CWT_GUARD=off)`,
      );
    }
    throw new Undecided(`cannot read the hook payload: ${message}`);
  }
  if (text.trim() === "") throw new Undecided("no hook payload on stdin (cwt claude guard is a Claude Code PreToolUse hook: it reads its JSON on stdin)");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Undecided(`the hook payload is not JSON (${(error as Error).message})`);
  }
  const parsed = parsePayload(data);
  if (!parsed.ok) throw new Undecided(`the hook payload is not a PreToolUse payload (${parsed.problem})`);
  return parsed.value;
}

/** The edited file's path from `tool_input`, or undefined (a tool the guard does not know, or no path). */
function editedFile(toolName: string, toolInput: unknown): string | undefined {
  if (!Object.hasOwn(GUARDED_TOOLS, toolName) || toolInput === undefined) return undefined;
  const field = GUARDED_TOOLS[toolName] ?? "file_path";
  const parsed = parseToolPath(field, toolInput);
  if (!parsed.ok) throw new Undecided(`the hook payload's tool_input is not ${toolName}'s (${parsed.problem})`);
  return parsed.value === "" ? undefined : parsed.value;
}

async function decide(deps: GuardDeps): Promise<{ verdict: Verdict; ticket?: string }> {
  const payload = await readPayload(deps);
  const file = editedFile(payload.toolName, payload.toolInput);
  if (file === undefined) return { verdict: { action: "allow", because: "not-a-guarded-edit" } };
  const sessionDir = path.resolve(deps.cwd, payload.cwd ?? deps.cwd);
  const seen = new Map<string, Checkout>();
  const session = placeOf(realPathOf(sessionDir), seen);
  if (session.kind === "outside") return { verdict: { action: "allow", because: "session-outside-repository" } };
  // Joined, not resolved: realPathOf applies `..` after the symlinks before it, as the kernel does.
  const target = realPathOf(path.isAbsolute(file) ? file : `${sessionDir}${path.sep}${file}`);
  const caseInsensitive = deps.platform.caseInsensitivePaths;
  let verdict = decideEdit(session, placeOf(target, seen), target, caseInsensitive);
  if (verdict.action === "ask-config") {
    // Only here (a session in the main checkout editing there) is the team's config read.
    const [{ loadTeamConfig }, { guardConfig }] = await Promise.all([import("../config/load.ts"), import("../config/defaults.ts")]);
    let rule: "allow" | "deny";
    try {
      rule = guardConfig(await loadTeamConfig(verdict.mainRoot)).mainCheckout;
    } catch (error) {
      throw new Undecided(`cannot use the team's config: ${error instanceof Error ? error.message : String(error)}`);
    }
    verdict = mainCheckoutVerdict(verdict, rule);
  }
  if (verdict.action === "deny" && verdict.rule === "other-checkout" && !verdict.targetCheckout.isMain) {
    return { verdict, ticket: await recordedTicket(verdict.targetCheckout).catch(() => undefined) };
  }
  return { verdict };
}

/** Runs the guard: reads the payload from stdin, writes the reason or problem on stderr, returns the exit code. */
export async function runGuardHook(deps: GuardDeps): Promise<number> {
  if (deps.env.CWT_GUARD?.trim().toLowerCase() === "off") return GuardExit.Allow;
  let text: string;
  let deny = false;
  try {
    const { verdict, ticket } = await decide(deps);
    if (verdict.action !== "deny") return GuardExit.Allow;
    [text, deny] = [denialReason(verdict, ticket), true];
  } catch (error) {
    // Undecided (a bad payload or setup) or anything unexpected: never a denial without a decision.
    // Past the read bound the edit is denied: letting size decide would let any write through.
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof TooLarge) [text, deny] = [`cwt guard: ${message}`, true];
    else text = `cwt guard: ${message} (not blocking: the edit goes ahead; cwt doctor checks the setup)`;
  }
  // Paths and payload text are untrusted: control characters are escaped, and the text stays one line.
  const { printable } = await import("./render/printable.ts");
  const line = printable(text);
  if (deny) {
    const decision = { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: line } };
    deps.stdout.write(`${JSON.stringify(decision)}\n`);
  }
  deps.stderr.write(`${line}\n`);
  return deny ? GuardExit.Allow : GuardExit.Problem;
}
