// zod schema of cwt's intent journals (journal.ts). Untrusted on read (anyone can write into .git);
// loaded only by `cwt doctor`, never on the path of a command that writes a journal.
import { z } from "zod";

const createSteps = z.object({
  op: z.literal("new"),
  ticket: z.string().max(64),
  path: z.string().max(4096),
  branch: z.string().max(255),
  /** Set once this command created the branch: the commit it was created at (undo only if still there). */
  branchCreatedAt: z.string().regex(/^[0-9a-f]{40,64}$/).nullable(),
  /** The folder this command made (empty until git fills it). */
  folderMade: z.boolean(),
  /** `git worktree add` was started. */
  addStarted: z.boolean(),
  /** The commit the worktree was being created at (recorded with addStarted). */
  head: z.string().regex(/^[0-9a-f]{40,64}$/).nullable().optional(),
  /** git's admin folder for it, once `worktree add` returned. */
  adminDir: z.string().max(4096).nullable().optional(),
});

const removeSteps = z.object({
  op: z.literal("remove"),
  path: z.string().max(4096),
  /** The branch to delete after the worktree, and the commit it must still be at; null: keep it. */
  deleteBranch: z.object({ branch: z.string().max(255), head: z.string().regex(/^[0-9a-f]{40,64}$/) }).nullable(),
  /** `git worktree remove` was started. */
  removeStarted: z.boolean(),
  /** The worktree as judged before removal: its commit and admin folder (it must still be that one). */
  head: z.string().regex(/^[0-9a-f]{40,64}$/).nullable().optional(),
  adminDir: z.string().max(4096).nullable().optional(),
});

export const journalSchema = z.object({
  version: z.literal(1),
  pid: z.number().int().positive(),
  procStart: z.string().max(64).nullable(),
  command: z.string().max(300),
  /** The machine the command ran on: elsewhere, its pid says nothing about it. */
  host: z.string().max(255).optional(),
  startedAt: z.iso.datetime(),
  /** One entry per worktree the command touches (prune removes several). */
  items: z.array(z.discriminatedUnion("op", [createSteps, removeSteps])).max(10_000),
});

export type JournalItem = z.infer<typeof journalSchema>["items"][number];
export type CreateItem = Extract<JournalItem, { op: "new" }>;
export type RemoveItem = Extract<JournalItem, { op: "remove" }>;
export type JournalData = z.infer<typeof journalSchema>;

