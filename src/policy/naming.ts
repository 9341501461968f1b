// Pure naming rules: which tickets are acceptable and what folder and branch they get.
// Tickets are untrusted input. The rules follow Claude Code's own worktree names
// (claude-code.md §1) so `claude -w TICKET` reopens the checkout cwt made.
import { hasControlChars } from "./text.ts";
import { runInNewContext } from "node:vm";
import { UsageError } from "../errors.ts";
import type { Config } from "../config/schema.ts";

export const MAX_TICKET_LENGTH = 64;
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Names Claude Code's periodic sweep treats as its own ephemeral worktrees (claude-code.md §6). */
const CLAUDE_EPHEMERAL = [
  /^agent-a[0-9a-f]{16}$/,
  /^agent-a[0-9a-f]{7}$/,
  /^wf_[0-9a-f]{8}-[0-9a-f]{3}-\d+$/,
  /^wf-\d+$/,
  /^bridge-[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*$/,
  /^job-[a-zA-Z0-9._-]{1,55}-[0-9a-f]{8}$/,
  /^bg-[a-zA-Z0-9._-]{1,55}-[0-9a-f]{8}$/,
];

function invalid(ticket: string, why: string): UsageError {
  return new UsageError("INVALID_TICKET", `invalid ticket ${JSON.stringify(ticket)}: ${why}`);
}

/**
 * Checks a name's syntax by Claude Code's own rules (claude-code.md §1, plus no leading '-') and
 * returns its on-disk form (`/` becomes `+`, as Claude Code does). Applies to every command that
 * names a worktree; `checkNewTicket` adds cwt's stricter rules for new ones.
 */
export function normalizeTicket(ticket: string): string {
  if (ticket.length === 0) throw invalid(ticket, "it is empty");
  if (ticket.length > MAX_TICKET_LENGTH) throw invalid(ticket.slice(0, 20) + "…", `it is longer than ${MAX_TICKET_LENGTH} characters`);
  if (hasControlChars(ticket)) throw invalid(ticket, "it contains control characters");
  if (ticket.startsWith("-")) throw invalid(ticket, "it starts with '-'");
  if (ticket.startsWith("/")) throw invalid(ticket, "it is an absolute path");
  for (const segment of ticket.split("/")) {
    if (segment === "") throw invalid(ticket, "it has an empty '/' segment");
    if (segment === "." || segment === "..") throw invalid(ticket, `'${segment}' is not allowed as a segment`);
    if (!SEGMENT.test(segment)) throw invalid(ticket, "only letters, digits, '.', '_', '-' and '/' are allowed");
    if (segment.replace(/\.+$/, "").toLowerCase() === ".git") throw invalid(ticket, "'.git' is not allowed as a segment");
  }
  return ticket.replaceAll("/", "+");
}

/**
 * cwt's own stricter rules for names people choose with `cwt new`: no hidden folders, and nothing
 * git would refuse in a branch name. Names Claude Code picks (the WorktreeCreate hook) skip these:
 * Claude accepts them, so the hook must too (git still checks the branch it makes).
 */
export function checkChosenTicket(ticket: string): void {
  for (const segment of ticket.split("/")) {
    if (segment.startsWith(".")) throw invalid(ticket, "a segment must not start with '.'");
    if (segment.endsWith(".") || segment.endsWith(".lock")) throw invalid(ticket, "a segment must not end with '.' or '.lock'");
  }
  if (ticket.includes("..")) throw invalid(ticket, "it contains '..'");
}

/** The extra rules for a ticket that gets a new worktree from `cwt new`: cwt's stricter syntax, the team's pattern, no Claude-reserved names. */
export function checkNewTicket(ticket: string, config: Pick<Config, "ticketPattern">): void {
  normalizeTicket(ticket);
  checkChosenTicket(ticket);
  if (config.ticketPattern !== undefined && !fullMatch(config.ticketPattern, ticket)) {
    throw new UsageError("TICKET_PATTERN", `ticket ${JSON.stringify(ticket)} does not match the team's pattern ${config.ticketPattern}`, {
      hint: "ticketPattern is set in cwt.config.json",
    });
  }
  const name = ticket.replaceAll("/", "+");
  if (CLAUDE_EPHEMERAL.some((re) => re.test(name))) {
    throw invalid(ticket, "Claude Code's cleanup sweep treats this name as one of its own throwaway worktrees");
  }
}

/**
 * Whether the whole ticket matches. The pattern comes from a committed file, so a catastrophic
 * one (e.g. `(a+)+$`) must not hang cwt: it runs in a VM context with a time limit.
 */
function fullMatch(pattern: string, value: string): boolean {
  try {
    return runInNewContext("new RegExp(pattern, 'u').test(value)", { pattern: `^(?:${pattern})$`, value }, { timeout: 250 }) === true;
  } catch {
    throw new UsageError("TICKET_PATTERN", `ticketPattern ${pattern} took too long to match ${JSON.stringify(value)}`, {
      hint: "simplify ticketPattern in cwt.config.json (avoid nested quantifiers such as (a+)+)",
    });
  }
}

export interface Names {
  /** The worktree's folder name (one path segment). */
  readonly folder: string;
  /** The worktree's branch name (without refs/heads/). */
  readonly branch: string;
}

export function renderTemplate(template: string, vars: { ticket: string; repo: string }): string {
  return template.replaceAll("{ticket}", vars.ticket).replaceAll("{repo}", vars.repo);
}

/** Folder and branch for a ticket under the config's templates. `repo` is the main checkout's folder name. */
export function namesFor(ticket: string, config: Pick<Config, "folderTemplate" | "branchTemplate">, repo: string): Names {
  const normalized = normalizeTicket(ticket);
  const folder = renderTemplate(config.folderTemplate, { ticket: normalized, repo });
  const branch = renderTemplate(config.branchTemplate, { ticket: normalized, repo });
  if (folder === "." || folder === ".." || /[\\/\u0000-\u001f]/.test(folder) || Buffer.byteLength(folder) > 255) {
    throw invalid(ticket, `folderTemplate makes the folder name ${JSON.stringify(folder)}, which is not a single folder name`);
  }
  return { folder, branch };
}

/** The key two names collide under: case-insensitive file systems and ref stores fold case. */
export function collisionKey(name: string): string {
  return name.replaceAll("/", "+").toLowerCase();
}
