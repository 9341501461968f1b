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
