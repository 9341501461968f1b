// Pure parser of `git status --porcelain=v2 -z` (with or without --branch).

export interface StatusCounts {
  /** Tracked files with staged or unstaged changes, renames and conflicts included. */
  readonly modified: number;
  readonly untracked: number;
}

export function parseStatusCounts(output: string): StatusCounts {
  let modified = 0;
  let untracked = 0;
  const fields = output.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
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
  return { modified, untracked };
}
