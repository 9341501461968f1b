// Pure path helpers shared by policy and core.
import path from "node:path";

/** True when `child` is `parent` or lies inside it (both absolute). */
export function isInside(child: string, parent: string, caseInsensitive = false): boolean {
  const rel = caseInsensitive ? path.relative(parent.toLowerCase(), child.toLowerCase()) : path.relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
