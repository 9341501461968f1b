// Untrusted text (lock reasons, paths, names, settings values) must not drive the terminal: C0
// and C1 control characters, ESC among them, are shown as escapes. Newlines and tabs too, so one
// item stays on one line. `keepColors` lets chalk's own colour codes (SGR: ESC [ … m) through, for
// lines already coloured; a colour change is the most such a line can then do.
export function printable(text: string, options: { keepColors?: boolean } = {}): string {
  const pattern = options.keepColors ? /\u001b\[[0-9;]*m|[\u0000-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g;
  return text.replace(pattern, (match) => {
    if (match.length > 1) return match; // an SGR sequence, kept on request
    if (match === "\n") return "\\n";
    if (match === "\t") return "\\t";
    return `\\x${match.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}
