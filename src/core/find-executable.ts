// Finds a command on PATH the way a shell would, without running a shell.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import type { Env } from "../deps.ts";

export async function findExecutable(name: string, env: Env): Promise<string | undefined> {
  if (name.includes("/")) return (await isExecutable(name)) ? path.resolve(name) : undefined;
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
