// The fast answer to `cwt path TICKET` (bundled alone as CommonJS into dist/path.cjs; bin/cwt.js
// tries it first for exactly that argv). `cd "$(cwt path T)"` runs many times a day, so it answers
// from the file system alone, no git process, in the one common case: default config, a linked
// worktree exactly where the templates put the ticket, its `.git` pointer and git's admin folder
// pointing at each other. Anything else (a config file, GIT_* variables, a bare repository, a
// ticket elsewhere, a damaged worktree, a bad ticket) answers `false` and the full command runs,
// which knows every other way and says every error properly.
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { placeOf, realPathOf } from "./core/checkout.ts";
import { normalizeTicket } from "./policy/naming.ts";

function readSmall(file: string): string | undefined {
  try {
    const info = statSync(file);
    if (!info.isFile() || info.size > 16 * 1024) return undefined;
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function real(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** The worktree's path when the fast rules apply, else undefined (the full command decides). */
export function fastPath(ticket: string, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  // git's own discovery could be steered elsewhere: only git may judge that.
  if (Object.keys(env).some((k) => /^GIT_(DIR|WORK_TREE|COMMON_DIR|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|NAMESPACE)$/.test(k))) return undefined;
  let folder: string;
  try {
    folder = normalizeTicket(ticket);
  } catch {
    return undefined;
  }
  const start = realPathOf(cwd);
  const here = placeOf(start);
  if (here.kind !== "checkout") return undefined;
  // No other `.git` between the folder and that checkout's root (a submodule inside it: git answers
  // for the submodule there).
  for (let dir = start; dir !== here.root && dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return undefined;
  }
  // The main checkout is the folder that holds the common dir as its `.git`, with an index (a bare
  // repository named `.git` has none) and not `core.bare`, owned by whoever runs cwt (else git's
  // safe.directory rules).
  const mainRoot = path.dirname(here.commonDir);
  if (path.basename(here.commonDir) !== ".git" || real(path.join(mainRoot, ".git")) !== here.commonDir) return undefined;
  if (!existsSync(path.join(here.commonDir, "index"))) return undefined;
  // A bare repository (issue #12) has no main checkout, whatever files it holds: its worktrees'
  // root is elsewhere, and the full command knows where.
  if (/^\s*bare\s*(=\s*(true|yes|on|1)\s*)?$/im.test(readSmall(path.join(here.commonDir, "config")) ?? "bare = true")) return undefined;
  if (typeof process.getuid === "function" && statSync(mainRoot).uid !== process.getuid()) return undefined;
  // Any config file means templates or roots may differ: the full command reads (and checks) it.
  if (env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== "" && !path.isAbsolute(env.XDG_CONFIG_HOME)) return undefined;
  const userConfigHome = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  if (existsSync(path.join(mainRoot, "cwt.config.json")) || existsSync(path.join(userConfigHome, "cwt", "config.json"))) return undefined;
  const planned = path.join(mainRoot, ".claude", "worktrees", folder);
  // The folder itself, spelled exactly so (no symlink, no other letter case on a case-folding disk).
  try {
    if (!lstatSync(planned).isDirectory() || real(planned) !== planned) return undefined;
  } catch {
    return undefined;
  }
  const pointer = readSmall(path.join(planned, ".git"))?.trimEnd();
  if (!pointer?.startsWith("gitdir: ")) return undefined;
  const adminDir = real(path.resolve(planned, pointer.slice("gitdir: ".length)));
  if (!adminDir || path.dirname(adminDir) !== path.join(here.commonDir, "worktrees")) return undefined;
  // git's side of the pair: the admin folder's `gitdir` names this worktree's `.git` (else prunable).
  const back = readSmall(path.join(adminDir, "gitdir"))?.trim();
  if (!back || real(back) !== real(path.join(planned, ".git"))) return undefined;
  return planned;
}

/** Prints the path and returns true, or returns false for bin/cwt.js to run the full command. */
export function tryPath(ticket: string): boolean {
  let found: string | undefined;
  try {
    found = fastPath(ticket, process.cwd(), process.env);
  } catch {
    found = undefined;
  }
  if (found === undefined) return false;
  process.stdout.write(`${found}\n`);
  return true;
}
