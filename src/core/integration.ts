// Whether a branch's work is already in its base, however it got there: merged (ancestor),
// rebased or cherry-picked (every patch has an equivalent upstream), or squash-merged (merging
// it into the base would change nothing).
import type { Git } from "../git/client.ts";
import { FULL_HISTORY, type History, judgeWalk } from "./shallow.ts";

/** "unknown": a shallow clone lacks the history that would tell (issue #12). */
export type Integration = "ancestor" | "patches" | "squash" | "unknown" | null;

/** Known to be in its base: the only answer that lets a branch go. "unknown" is not merged. */
export function isIntegrated(i: Integration): i is "ancestor" | "patches" | "squash" {
  return i !== null && i !== "unknown";
}

export async function integration(git: Git, head: string, base: string, history: History = FULL_HISTORY): Promise<Integration> {
  // A "yes" follows parent links git has, so it holds in a shallow clone too.
  if ((await git.exec(["merge-base", "--is-ancestor", head, base])).exitCode === 0) return "ancestor";
  // In a shallow clone a "no" is exact only when the branch's own commits all have their parents.
  // (Not an ancestor: the list holds at least the head, so one process, never an empty answer.)
  if (history.shallow) {
    const own = await git.exec(["rev-list", "--parents", head, "--not", base, "--"]);
    if (own.exitCode !== 0 || judgeWalk(own.stdout) === "shallow") return "unknown";
  }
  const found = await equivalent(git, head, base);
  // Even then cherry and merge-tree judge against the merge base git can see, which in a shallow
  // clone may not be the real one: a "merged" from them never deletes a branch there.
  return found !== null && history.shallow ? "unknown" : found;
}

async function equivalent(git: Git, head: string, base: string): Promise<"patches" | "squash" | null> {
  const cherry = await git.exec(["cherry", base, head]);
  if (cherry.exitCode === 0) {
    const lines = cherry.stdout.split("\n").filter(Boolean);
    if (lines.length > 0 && lines.every((l) => l.startsWith("- "))) return "patches";
  }
  // git 2.38+: a merge that writes the base's own tree adds nothing. Older git: not detected.
  const [merged, baseTree] = await Promise.all([
    git.exec(["merge-tree", "--write-tree", "--no-messages", base, head]),
    git.exec(["rev-parse", "--verify", "--quiet", `${base}^{tree}`]),
  ]);
  if (merged.exitCode === 0 && baseTree.exitCode === 0 && merged.stdout.split("\n")[0]?.trim() === baseTree.stdout.trim()) return "squash";
  return null;
}
