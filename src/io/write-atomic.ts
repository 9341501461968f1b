// Writes a whole file so that readers see the old content or the new, never half: a temp file in
// the same folder (same file system), flushed, given its mode, then renamed over the file.
import { randomBytes } from "node:crypto";
import { chmod, open, rename, unlink } from "node:fs/promises";
import path from "node:path";

/** `mode`: the file's exact mode, whatever the umask (default: 0644 through the umask). */
export async function writeFileAtomic(file: string, text: string, mode?: number): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.cwt-${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "wx", mode ?? 0o644);
  try {
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
