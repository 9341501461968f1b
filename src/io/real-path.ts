// A path with its symlinks resolved, or the path as given when it cannot be (it does not exist, or
// a part of it is unreadable): comparisons of paths then still work on what is there.
import { realpath } from "node:fs/promises";

export function realOrSelf(p: string): Promise<string> {
  return realpath(p).catch(() => p);
}
