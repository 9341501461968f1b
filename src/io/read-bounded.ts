// Reads an untrusted text file safely: regular files only (opening a FIFO must not hang),
// bounded size, strict UTF-8 (a byte-order mark is kept, for the caller to judge). Used for cwt's config and Claude Code's settings files.
import { constants } from "node:fs";
import { open } from "node:fs/promises";

export type BoundedRead =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "missing" }
  | { readonly kind: "problem"; readonly problem: string };

export async function readBoundedText(file: string, maxBytes: number): Promise<BoundedRead> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO returns at once; the isFile() check below then rejects it.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    return { kind: "problem", problem: `cannot be read (${code ?? "error"})` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: "problem", problem: "is not a regular file" };
    if (stat.size > maxBytes) return { kind: "problem", problem: `is larger than ${maxBytes} bytes` };
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes) return { kind: "problem", problem: `is larger than ${maxBytes} bytes` };
    try {
      return { kind: "text", text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
    } catch {
      return { kind: "problem", problem: "is not valid UTF-8" };
    }
  } catch (error) {
    return { kind: "problem", problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  } finally {
    await handle.close();
  }
}
