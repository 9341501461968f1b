// Pure text rules shared by every check of untrusted names.

/** C0 control characters and DEL: never part of a ticket, branch, ref, path or owner. */
export function hasControlChars(value: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(value);
}
