// Pure parser of `git worktree list --porcelain -z` (git 2.36+).

export interface WorktreeEntry {
  readonly path: string;
  readonly head: string | undefined;
  /** Short branch name, or undefined when detached or bare. */
  readonly branch: string | undefined;
  readonly bare: boolean;
  readonly detached: boolean;
  /** undefined when not locked; "" when locked without a reason. */
  readonly lockReason: string | undefined;
  /** undefined unless git reports the worktree prunable (its folder is gone). */
  readonly prunableReason: string | undefined;
}

export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  // Each attribute ends with NUL; each record ends with an extra NUL.
  for (const record of output.split("\0\0")) {
    const fields = record.split("\0").filter((f) => f !== "");
    if (fields.length === 0) continue;
    let path: string | undefined;
    let head: string | undefined;
    let branch: string | undefined;
    let bare = false;
    let detached = false;
    let lockReason: string | undefined;
    let prunableReason: string | undefined;
    for (const field of fields) {
      const space = field.indexOf(" ");
      const key = space < 0 ? field : field.slice(0, space);
      const value = space < 0 ? "" : field.slice(space + 1);
      switch (key) {
        case "worktree":
          path = value;
          break;
        case "HEAD":
          head = value;
          break;
        case "branch":
          branch = value.startsWith("refs/heads/") ? value.slice("refs/heads/".length) : value;
          break;
        case "bare":
          bare = true;
          break;
        case "detached":
          detached = true;
          break;
        case "locked":
          lockReason = value;
          break;
        case "prunable":
          prunableReason = value;
          break;
        default:
          break; // newer git may add attributes; ignore what we do not know
      }
    }
    if (path !== undefined) entries.push({ path, head, branch, bare, detached, lockReason, prunableReason });
  }
  return entries;
}
