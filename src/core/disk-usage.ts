// Disk space a folder takes (blocks actually allocated), without following symlinks.
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";

export async function folderBytes(root: string): Promise<number> {
  let total = 0;
  let pending = [root];
  while (pending.length > 0) {
    const next: string[] = [];
    await Promise.all(
      pending.map(async (dir) => {
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        await Promise.all(
          entries.map(async (e) => {
            const full = path.join(dir, e.name);
            const info = await lstat(full).catch(() => undefined);
            if (!info) return;
            total += info.blocks * 512;
            if (info.isDirectory()) next.push(full);
          }),
        );
      }),
    );
    pending = next;
  }
  return total;
}
