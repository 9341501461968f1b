// Disk space folders take, from `du -sk` (one process for all of them; an argument array, no
// shell). Walking them from Node cost seconds for a few dozen checkouts (bench/). Unknown sizes
// are left out of the map rather than guessed.
import { execa } from "execa";

export async function folderSizes(folders: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (folders.length === 0) return sizes;
  const r = await execa("du", ["-sk", "--", ...folders], { reject: false, stdin: "ignore", env: { LC_ALL: "C" } });
  for (const line of r.stdout.split("\n")) {
    const tab = line.indexOf("\t");
    const kib = Number(line.slice(0, tab));
    if (tab > 0 && Number.isFinite(kib)) sizes.set(line.slice(tab + 1), kib * 1024);
  }
  return sizes;
}
