// Which checkout of which repository a path belongs to, decided from the file system alone: no git
// process, no git library. The edit guard (`cwt claude guard`) asks this on every edit Claude Code
// makes, so start-up time is the cost; synchronous calls are the fastest here.
//
// The nearest `.git` on the way up from a path decides (so `.claude/worktrees/X` inside the main
// checkout belongs to worktree X, not to the main checkout):
//   - a `.git` folder: a main checkout; its common dir is that folder;
//   - a `.git` file `gitdir: <path>`: if that git dir has a `commondir` file (a linked worktree's
//     admin folder `<common>/worktrees/<id>`), the common dir is what it names; otherwise (a
//     submodule's `.git/modules/x`, `git init --separate-git-dir`) the git dir is its own
//     repository's common dir. A git dir that no longer exists counts as its own repository.
// Same repository = same real common dir. Everything read is untrusted: regular files only, bounded.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from "node:fs";
import { isUtf8 } from "node:buffer";
import path from "node:path";
import type { Checkout, Place } from "../policy/guard.ts";

/** A `.git` file or `commondir` holds one path: far below this. */
const MAX_POINTER_BYTES = 16 * 1024;
/** Linux's limit on symbolic links followed while resolving one path. */
const MAX_SYMLINK_HOPS = 40;

/** A small untrusted text file, or undefined when it does not exist. Throws on anything else. */
function readPointerFile(file: string): string | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO returns at once; the isFile() check then rejects it.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new Error(`${file} cannot be read (${code ?? "error"})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    if (stat.size > MAX_POINTER_BYTES) throw new Error(`${file} is larger than ${MAX_POINTER_BYTES} bytes`);
    const buffer = Buffer.alloc(MAX_POINTER_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_POINTER_BYTES) throw new Error(`${file} is larger than ${MAX_POINTER_BYTES} bytes`);
    const bytes = buffer.subarray(0, length);
    if (!isUtf8(bytes)) throw new Error(`${file} is not valid UTF-8`);
    return bytes.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

function realOr(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES: no usable `.git` here
  }
}

/**
 * The real absolute path of `file` (absolute), which may not exist yet (a Write of a new file in a
 * new folder): its deepest existing ancestor resolved with realpath, then the rest. A symbolic
 * link on the way is followed even when it dangles: writing through it lands where it points. A
 * `..` is applied after the part before it is resolved, as the kernel does (`link/../x` is next to
 * where `link` points, not next to `link`).
 */
export function realPathOf(file: string): string {
  if (file.includes("\u0000")) throw new Error("the path contains a NUL character: no file can have it");
  const root = path.parse(file).root || path.sep;
  const segments = file.slice(root.length).split(/[\\/]+/);
  if (!segments.includes("..")) return resolveReal(file);
  let current = root;
  for (const segment of segments) {
    if (segment === "" || segment === ".") continue;
    current = segment === ".." ? path.dirname(resolveReal(current)) : path.join(current, segment);
  }
  return resolveReal(current);
}

/** `realPathOf` for a path without `..` segments. */
function resolveReal(file: string): string {
  let current = path.resolve(file);
  for (let hop = 0; hop <= MAX_SYMLINK_HOPS; hop++) {
    const tail: string[] = [];
    let existing = current;
    let real: string | undefined;
    for (;;) {
      try {
        real = realpathSync.native(existing);
        break;
      } catch {
        const parent = path.dirname(existing);
        if (parent === existing) break;
        tail.unshift(path.basename(existing));
        existing = parent;
      }
    }
    if (real === undefined) return current;
    const [first, ...rest] = tail;
    if (first === undefined) return real;
    const next = path.join(real, first);
    let link: string | undefined;
    try {
      if (lstatSync(next).isSymbolicLink()) link = readlinkSync(next);
    } catch {
      // does not exist: the rest is still to be made
    }
    if (link === undefined) return path.join(real, ...tail);
    current = path.resolve(real, link, ...rest);
  }
  throw new Error(`${file}: too many levels of symbolic links`);
}

function linkedCheckout(root: string, dotGit: string): Checkout {
  // As git reads it: "gitdir: " then the path, trailing white space and newlines dropped.
  const text = (readPointerFile(dotGit) ?? "").trimEnd();
  if (!text.startsWith("gitdir: ") || text.length === "gitdir: ".length || text.includes("\n")) {
    throw new Error(`${dotGit} is not a gitdir file ("gitdir: <path>")`);
  }
  const gitDir = realOr(path.resolve(root, text.slice("gitdir: ".length)));
  const pointer = readPointerFile(path.join(gitDir, "commondir"))?.trim();
  const commonDir = pointer ? realOr(path.resolve(gitDir, pointer)) : gitDir;
  return { kind: "checkout", root, commonDir, gitDir, isMain: commonDir === gitDir };
}

/**
 * The checkout `realPath` (a real absolute path, see `realPathOf`) lies in, if any. `seen` (one
 * per run) saves reading the same `.git` twice: session and target are usually in one checkout.
 */
export function placeOf(realPath: string, seen: Map<string, Checkout> = new Map()): Place {
  for (let dir = realPath; ; dir = path.dirname(dir)) {
    const known = seen.get(dir);
    if (known) return known;
    const dotGit = path.join(dir, ".git");
    const stat = statOrUndefined(dotGit);
    let found: Checkout | undefined;
    if (stat?.isDirectory()) {
      const commonDir = realOr(dotGit);
      found = { kind: "checkout", root: dir, commonDir, gitDir: commonDir, isMain: true };
    } else if (stat?.isFile()) {
      found = linkedCheckout(dir, dotGit);
      // A submodule (its git dir under a `modules` folder) is part of the checkout around it:
      // editing a worktree's submodule from the main checkout is editing another checkout.
      if (found.isMain && found.gitDir.split(path.sep).includes("modules") && path.dirname(dir) !== dir) {
        const outer = placeOf(path.dirname(dir), seen);
        if (outer.kind === "checkout") found = outer;
      }
    }
    if (found) {
      seen.set(dir, found);
      return found;
    }
    if (path.dirname(dir) === dir) return { kind: "outside" };
  }
}

/** The ticket cwt recorded for a linked worktree (its owner record), if any. Only for messages. */
export async function recordedTicket(checkout: Checkout): Promise<string | undefined> {
  const { loadRecord } = await import("./records.ts");
  return (await loadRecord(checkout.gitDir))?.ticket;
}
