// THE canonicaliser for any argument that names a worktree.
import path from "node:path";
import type { Config } from "../config/schema.ts";
import { NotFoundError } from "../errors.ts";
import { collisionKey, namesFor, normalizeTicket } from "../policy/naming.ts";
import type { WorktreeEntry } from "../git/parse-worktrees.ts";
import type { Worktree } from "./inventory.ts";

/**
 * The folder new worktrees go in: worktreeRoot against the main checkout. In a bare repository the
 * loaded config's worktreeRoot is absolute already (config/defaults.ts `forBareRepository`), so
 * the root is the same whichever worktree cwt runs in.
 */
export function worktreeRootOf(mainRoot: string, config: Pick<Config, "worktreeRoot">): string {
  return path.resolve(mainRoot, config.worktreeRoot);
}

/**
 * The worktree a ticket names, tried in order: a cwt record for that ticket; the folder the
 * templates give it; a linked worktree whose folder is the ticket's name (Claude Code's `-w`
 * worktrees, plain `git worktree add`); a linked worktree on the templated branch.
 */
export function findWorktree(
  worktrees: readonly Worktree[],
  ticket: string,
  config: Config,
  mainRoot: string,
): Worktree | undefined {
  const normalized = normalizeTicket(ticket);
  const names = namesFor(ticket, config, path.basename(mainRoot));
  const planned = path.join(worktreeRootOf(mainRoot, config), names.folder);
  const linked = worktrees.filter((w) => !w.isMain);
  // A worktree recorded for another ticket is never this one, whatever its folder or branch.
  const unclaimed = linked.filter((w) => !w.record || w.record.ticket === ticket);
  return (
    linked.find((w) => w.record?.ticket === ticket) ??
    unclaimed.find((w) => w.path === planned) ??
    unclaimed.find((w) => !w.record && path.basename(w.path) === normalized) ??
    unclaimed.find((w) => w.entry.branch === names.branch)
  );
}

/**
 * The fast answer for `cwt path`: a linked worktree sitting exactly where the templates put the
 * ticket. Needs no records (and so no record parsing) at all.
 */
export function plannedPath(entries: readonly WorktreeEntry[], ticket: string, config: Config, mainRoot: string): string | undefined {
  const planned = path.join(worktreeRootOf(mainRoot, config), namesFor(ticket, config, path.basename(mainRoot)).folder);
  // Never the first entry: the main checkout, or a bare repository itself.
  return entries.slice(1).find((e) => e.path === planned && e.prunableReason === undefined)?.path;
}

export function requireWorktree(worktrees: readonly Worktree[], ticket: string, config: Config, mainRoot: string): Worktree {
  const found = findWorktree(worktrees, ticket, config, mainRoot);
  if (found) return found;
  const key = collisionKey(ticket);
  const names = worktrees.filter((w) => !w.isMain).map((w) => w.name);
  const close = names.filter((n) => collisionKey(n).includes(key) || key.includes(collisionKey(n))).slice(0, 5);
  const known = close.length > 0 ? close : names.slice(0, 5);
  throw new NotFoundError("WORKTREE_NOT_FOUND", `no worktree for ticket ${JSON.stringify(ticket)}`, {
    hint: known.length > 0 ? `known: ${known.join(", ")} (cwt list shows all)` : "cwt new TICKET creates one",
  });
}
