// Which postCreate lists this user approved, per repository. cwt.config.json is committed by anyone
// with push access, so its commands run only once the person running cwt approved that exact list
// for that repository. Stored in the per-user config folder, never in the repository:
// `$XDG_CONFIG_HOME/cwt/post-create-approvals.json` (default `~/.config/cwt/...`), mode 0600.
//
// The file is untrusted on read (bounded, validated): one that cannot be used counts as no
// approvals (cwt then asks again), never as a crash. Writes are atomic (temp file + rename).
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { userConfigDir } from "../config/load.ts";
import type { Env } from "../deps.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import { writeFileAtomic } from "../io/write-atomic.ts";

export const APPROVALS_FILE = "post-create-approvals.json";
const MAX_BYTES = 1024 * 1024;
/** Older approvals beyond this many repositories are dropped (the file stays small). */
export const MAX_REPOSITORIES = 500;

export interface Approval {
  /** The main checkout's real path: the repository the approval is for. */
  readonly repository: string;
  /** `commandsHash` of the approved list. */
  readonly sha256: string;
  readonly approvedAt: string;
}

const fileSchema = z.strictObject({
  version: z.literal(1),
  // An array, not an object keyed by path: no key of untrusted JSON becomes a property name.
  approvals: z
    .array(
      z.strictObject({
        repository: z.string().min(1).max(4096),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        approvedAt: z.string().max(64),
      }),
    )
    .max(10_000),
});

/**
 * The list's identity: sha256 of its JSON text. An array of arrays of strings has exactly one
 * JSON.stringify form, so any change (a word, the order, one more command) gives another hash.
 */
export function commandsHash(commands: readonly (readonly string[])[]): string {
  return createHash("sha256").update(JSON.stringify(commands)).digest("hex");
}

export function approvalsFile(env: Env): string | undefined {
  const dir = userConfigDir(env);
  return dir === undefined ? undefined : path.join(dir, APPROVALS_FILE);
}

export interface LoadedApprovals {
  readonly file: string | undefined;
  readonly approvals: readonly Approval[];
  /** Set when the file exists but could not be used: it then counts as holding no approvals. */
  readonly problem: string | undefined;
}

/** Parses the file's text; anything unusable is a problem, never an exception. */
export function parseApprovals(text: string): { approvals: Approval[]; problem: string | undefined } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { approvals: [], problem: "is not valid JSON" };
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) return { approvals: [], problem: "is not an approvals file cwt wrote" };
  return { approvals: parsed.data.approvals, problem: undefined };
}

export async function loadApprovals(env: Env): Promise<LoadedApprovals> {
  const file = approvalsFile(env);
  if (file === undefined) return { file, approvals: [], problem: undefined };
  const read = await readBoundedText(file, MAX_BYTES);
  if (read.kind === "missing") return { file, approvals: [], problem: undefined };
  if (read.kind === "problem") return { file, approvals: [], problem: read.problem };
  return { file, ...parseApprovals(read.text) };
}

export type ApprovalState = "approved" | "changed" | "none";

/** "changed": this repository has an approval, but for another list. */
export function approvalState(approvals: readonly Approval[], repository: string, commands: readonly (readonly string[])[]): ApprovalState {
  const mine = approvals.find((a) => a.repository === repository);
  if (!mine) return "none";
  return mine.sha256 === commandsHash(commands) ? "approved" : "changed";
}

/** The list with this repository's approval replaced by the new one, newest first, at most MAX_REPOSITORIES. */
export function withApproval(approvals: readonly Approval[], approval: Approval): Approval[] {
  const others = approvals.filter((a) => a.repository !== approval.repository);
  return [approval, ...others].slice(0, MAX_REPOSITORIES);
}

export type SaveResult = { readonly saved: true; readonly file: string } | { readonly saved: false; readonly problem: string };

/**
 * Records the approval of `commands` for `repository`, replacing that repository's earlier one.
 * Never throws: a failed write only means cwt asks again next time. Two cwt processes approving at
 * the same moment may lose one of the two approvals (the last rename wins), never the file.
 */
export async function saveApproval(env: Env, repository: string, commands: readonly (readonly string[])[], now: Date): Promise<SaveResult> {
  const loaded = await loadApprovals(env);
  if (loaded.file === undefined) return { saved: false, problem: "neither XDG_CONFIG_HOME nor HOME is an absolute path" };
  const next = withApproval(loaded.approvals, { repository, sha256: commandsHash(commands), approvedAt: now.toISOString() });
  try {
    await mkdir(path.dirname(loaded.file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(loaded.file, `${JSON.stringify({ version: 1, approvals: next }, null, 2)}\n`, 0o600);
    return { saved: true, file: loaded.file };
  } catch (error) {
    return { saved: false, problem: `${loaded.file} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

