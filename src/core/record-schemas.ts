// zod schemas of cwt's own records (untrusted on read: anyone can edit .git). Loaded only when a
// record is read, so commands that find none never load zod.
import { z } from "zod";

export const recordSchema = z.object({
  version: z.literal(1),
  ticket: z.string().max(64),
  branch: z.string().max(255),
  branchCreated: z.boolean(),
  owner: z.string().max(254).nullable(),
  base: z.object({ ref: z.string().max(255).nullable(), commit: z.string().regex(/^[0-9a-f]{40,64}$/) }),
  createdAt: z.iso.datetime(),
  /** Made through Claude Code's WorktreeCreate hook (`cwt claude worktree-create`) rather than `cwt new`. */
  createdBy: z.enum(["cwt new", "claude hook"]).optional(),
  /** The Claude Code session that asked for it (hook payload `session_id`). */
  claudeSessionId: z.string().max(200).nullable().optional(),
  /** Made sparse (git sparse-checkout, cone mode): the folders checked out. Absent: a full checkout. */
  sparsePaths: z.array(z.string().max(4096)).max(1000).optional(),
});

export type WorktreeRecord = z.infer<typeof recordSchema>;

export const launchSchema = z.object({
  pid: z.number().int().positive(),
  procStart: z.string().max(64).nullable(),
  startedAt: z.iso.datetime(),
  command: z.array(z.string()).max(256),
});

/** The last `cwt launch` in a worktree: its process, for live-session checks, and its time, for activity. */
export type LaunchRecord = z.infer<typeof launchSchema>;

export const keptSchema = z.object({
  version: z.literal(1),
  keptAt: z.iso.datetime(),
  /** Why it was kept, one sentence each (the removal policy's refusals). */
  reasons: z.array(z.string().max(1000)).max(32),
  codes: z.array(z.string().max(64)).max(32),
  claudeSessionId: z.string().max(200).nullable(),
});

/** Claude Code asked to remove the worktree (WorktreeRemove hook) and cwt kept it, for these reasons. */
export type KeptRecord = z.infer<typeof keptSchema>;
