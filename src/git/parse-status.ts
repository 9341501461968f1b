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

const HEADER = "# branch.oid ";

/**
 * Splits the concatenated output of several `git status --porcelain=v2 -z --branch` runs (what
 * `git for-each-repo` prints for its repositories, in order) into one output per run: each starts
 * with its `# branch.oid` header. A rename's original path (the field after a `2` record) is a
 * bare path and may read like a header, so it is skipped exactly as parseStatusCounts skips it.
 */
export function splitStatusOutputs(output: string): string[] {
  const fields = output.split("\0");
  const outputs: string[][] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    if (i === fields.length - 1 && field === "") break; // the trailing NUL's empty field
    if (field.startsWith(HEADER)) outputs.push([]);
    const current = outputs.at(-1);
    if (current === undefined) return []; // not status output at all: the caller trusts none of it
    current.push(field);
    if (field[0] === "2" && i + 1 < fields.length) current.push(fields[++i] ?? "");
  }
  return outputs.map((f) => `${f.join("\0")}\0`);
}

/** The `# branch.oid` and `# branch.head` headers of one `status --porcelain=v2 -z --branch` output. */
export function statusHeaders(output: string): { oid: string; head: string } | undefined {
  const [first, second] = output.split("\0", 2);
  if (!first?.startsWith(HEADER) || !second?.startsWith("# branch.head ")) return undefined;
  return { oid: first.slice(HEADER.length), head: second.slice("# branch.head ".length) };
}

/** What `git worktree list` says a worktree's status headers must be: its HEAD and branch. */
export interface ExpectedHeaders {
  /** The HEAD commit; undefined or all zeros for an unborn branch. */
  readonly head: string | undefined;
  /** The branch's short name; undefined when detached. */
  readonly branch: string | undefined;
}

/**
 * The outputs of one `git for-each-repo ... status --porcelain=v2 -z --branch` run, one per
 * repository of its list (in order), each only where it is certainly that repository's, whole:
 * - exit 0: there must be exactly one output per repository, or none is taken;
 * - a failure: for-each-repo stops at the first repository that fails, which may have printed part
 *   of its output, so the last output is never taken;
 * - each taken output must carry the HEAD and branch git listed for that repository (which also
 *   leaves out a worktree that moved on meanwhile). Two worktrees detached at the same commit
 *   would pass each other's check: order is what tells them apart, and git keeps it.
 * `undefined`: ask that repository again on its own.
 */
export function acceptStatusOutputs(expected: readonly ExpectedHeaders[], exitCode: number, stdout: string): (string | undefined)[] {
  const outputs = splitStatusOutputs(stdout);
  const usable = exitCode === 0 ? (outputs.length === expected.length ? outputs : []) : outputs.slice(0, -1);
  return expected.map((want, i) => {
    const output = usable[i];
    const headers = output === undefined ? undefined : statusHeaders(output);
    const oid = want.head === undefined || /^0+$/.test(want.head) ? "(initial)" : want.head;
    return headers !== undefined && headers.oid === oid && headers.head === (want.branch ?? "(detached)") ? output : undefined;
  });
}
