// A folder's content as one hash (names, modes, bytes): proves "byte-for-byte intact".
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export function treeHash(dir: string): string {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const info = statSync(full, { throwIfNoEntry: false });
      hash.update(`${path.relative(dir, full)}\0${info?.mode ?? "?"}\0`);
      if (info?.isDirectory()) walk(full);
      else if (info?.isFile()) hash.update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest("hex");
}
