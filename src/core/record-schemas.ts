// zod schemas of cwt's own records (untrusted on read: anyone can edit .git). Loaded only when a
// record is read, so commands that find none never load zod. zod/mini, bundled on its own by
// scripts/build.mjs (a few KB where full zod's core is hundreds): list, prune and new read a record
// per worktree, and their start-up is part of what the benchmark measures.
import * as z from "zod/mini";

const text = (max: number) => z.string().check(z.maxLength(max));
const upTo = <T extends z.core.SomeType>(item: T, max: number) => z.array(item).check(z.maxLength(max));

export const recordSchema = z.object({
  version: z.literal(1),
  ticket: text(64),
  branch: text(255),
  branchCreated: z.boolean(),
  owner: z.nullable(text(254)),
  base: z.object({ ref: z.nullable(text(255)), commit: z.string().check(z.regex(/^[0-9a-f]{40,64}$/)) }),
  createdAt: z.iso.datetime(),
  /** Made through Claude Code's WorktreeCreate hook (`cwt claude worktree-create`) rather than `cwt new`. */
  createdBy: z.optional(z.enum(["cwt new", "claude hook"])),
  /** The Claude Code session that asked for it (hook payload `session_id`). */
  claudeSessionId: z.optional(z.nullable(text(200))),
  /** Made sparse (git sparse-checkout, cone mode): the folders checked out. Absent: a full checkout. */
  sparsePaths: z.optional(upTo(text(4096), 1000)),
});

export type WorktreeRecord = z.infer<typeof recordSchema>;

export const launchSchema = z.object({
  pid: z.number().check(z.int(), z.positive()),
  procStart: z.nullable(text(64)),
  startedAt: z.iso.datetime(),
  command: upTo(z.string(), 256),
});

/** The last `cwt launch` in a worktree: its process, for live-session checks, and its time, for activity. */
export type LaunchRecord = z.infer<typeof launchSchema>;

export const keptSchema = z.object({
  version: z.literal(1),
  keptAt: z.iso.datetime(),
  /** Why it was kept, one sentence each (the removal policy's refusals). */
  reasons: upTo(text(1000), 32),
  codes: upTo(text(64), 32),
  claudeSessionId: z.nullable(text(200)),
});

/** Claude Code asked to remove the worktree (WorktreeRemove hook) and cwt kept it, for these reasons. */
export type KeptRecord = z.infer<typeof keptSchema>;
