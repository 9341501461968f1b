// Pure reader of git's index file (gitformat-index(5), versions 2 to 4): whether any entry is
// flagged assume-unchanged ("assume valid") or skip-worktree, which hide edits from git status.
// `cwt list` reads each worktree's index this way instead of starting `git ls-files -v` for each.

const ASSUME_VALID = 0x8000;
const EXTENDED = 0x4000;
const SKIP_WORKTREE = 0x4000; // in the extended flags
const NAME_MASK = 0x0fff;
/** ctime, mtime (seconds and nanoseconds each), dev, ino, mode, uid, gid, size: ten 32-bit fields. */
const STAT_BYTES = 40;

/** How many entries hide their file from git status; undefined: not an index this reader knows. */
export function countHiddenEntries(index: Uint8Array, hashBytes: 20 | 32): number | undefined {
  const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
  if (index.byteLength < 12 || view.getUint32(0) !== 0x44495243) return undefined; // "DIRC"
  const version = view.getUint32(4);
  if (version < 2 || version > 4) return undefined;
  const entries = view.getUint32(8);
  let at = 12;
  let hidden = 0;
  for (let i = 0; i < entries; i++) {
    const start = at;
    at += STAT_BYTES + hashBytes;
    if (at + 2 > index.byteLength) return undefined;
    const flags = view.getUint16(at);
    at += 2;
    let extended = 0;
    if (flags & EXTENDED) {
      if (version < 3 || at + 2 > index.byteLength) return undefined;
      extended = view.getUint16(at);
      at += 2;
    }
    if (flags & ASSUME_VALID || extended & SKIP_WORKTREE) hidden++;
    if (version === 4) {
      // A varint (how much of the previous name to drop), then the rest of the name and a NUL.
      while (at < index.byteLength && (index[at] ?? 0) & 0x80) at++;
      at++;
      const nul = index.indexOf(0, at);
      if (nul === -1) return undefined;
      at = nul + 1;
    } else {
      const length = flags & NAME_MASK;
      const nul = length < NAME_MASK ? at + length : index.indexOf(0, at);
      if (nul === -1 || nul >= index.byteLength || index[nul] !== 0) return undefined;
      // 1 to 8 NULs pad the entry to a multiple of 8 bytes.
      at = start + Math.ceil((nul + 1 - start) / 8) * 8;
    }
  }
  return at <= index.byteLength ? hidden : undefined;
}
