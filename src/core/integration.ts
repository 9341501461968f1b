// Whether a branch's work is already in its base, however it got there: merged (ancestor),
// rebased or cherry-picked (every patch has an equivalent upstream), or squash-merged (merging
// it into the base would change nothing).
import type { Git } from "../git/client.ts";

export type Integration = "ancestor" | "patches" | "squash" | null;

export async function integration(git: Git, head: string, base: string): Promise<Integration> {
  if ((await git.exec(["merge-base", "--is-ancestor", head, base])).exitCode === 0) return "ancestor";
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
