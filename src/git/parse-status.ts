// Pure parser of `git status --porcelain=v2 -z` (with or without --branch).

export interface StatusCounts {
  /** Tracked files with staged or unstaged changes, renames and conflicts included. */
  readonly modified: number;
  readonly untracked: number;
  /** The paths of those files (relative to the worktree; a rename's new path). */
  readonly paths: readonly string[];
}

/** Space-separated fields before the path, per record type (git-status(1), porcelain v2). */
const FIELDS_BEFORE_PATH: Record<string, number> = { "1": 8, "2": 9, u: 10, "?": 1 };

function pathOf(record: string): string | undefined {
  const count = FIELDS_BEFORE_PATH[record[0] ?? ""];
  if (count === undefined) return undefined;
  let at = 0;
  for (let i = 0; i < count; i++) {
    at = record.indexOf(" ", at) + 1;
    if (at === 0) return undefined;
  }
  return record.slice(at);
}

export function parseStatusCounts(output: string): StatusCounts {
  let modified = 0;
  let untracked = 0;
  const paths: string[] = [];
  const fields = output.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    const path = pathOf(field);
    if (path !== undefined) paths.push(path);
    switch (field[0]) {
      case "1":
      case "u":
        modified++;
        break;
      case "2":
        modified++;
        i++; // a rename or copy record is followed by its original path as the next field
        break;
      case "?":
        untracked++;
        break;
      default:
        break; // "#" headers, "!" ignored, the trailing empty field
    }
  }
  return { modified, untracked, paths };
}
