// `cwt claude install-hooks` / `uninstall-hooks`: cwt's entries in Claude Code's settings at the
// main checkout (claude-code.md §4, §5), and what `cwt doctor` finds installed. The JSON edits are
// pure (policy/claude-hooks.ts); this module reads, checks and atomically replaces the file.
import { constants } from "node:fs";
import { access, appendFile, lstat, mkdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Deps } from "../deps.ts";
import { ConfigError, EnvironmentError, RefusedError } from "../errors.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import { writeFileAtomic } from "../io/write-atomic.ts";
import {
  checkSettingsText,
  commandPrefixWords,
  type EditResult,
  findCwtHooks,
  type HookCheck,
  type HookEvent,
  type HookFinding,
  type HookScopeName,
  type InstalledHook,
  judgeHooks,
  planInstall,
  planUninstall,
  type ScopeHooks,
  shellQuote,
} from "../policy/claude-hooks.ts";
import { findExecutable } from "./find-executable.ts";
import type { Repo } from "./repo.ts";
import { withRepoLock } from "./repo-lock.ts";
import { claudeConfigDir } from "./claude-dir.ts";

/** Claude Code's own limit for a --settings file; a settings file past it is not one cwt edits. */
const MAX_SETTINGS_BYTES = 2 * 1024 * 1024;

export type InstallScope = "local" | "project";

export const SETTINGS_FILE: Readonly<Record<InstallScope, string>> = {
  local: path.join(".claude", "settings.local.json"),
  project: path.join(".claude", "settings.json"),
};

// ---------------------------------------------------------------------------------------------
// How Claude Code's shell should name this cwt

/**
 * This installation's `bin/cwt.js`: the nearest folder above this module that holds `bin/cwt.js`
 * and cwt's package.json. Works from src/core/ (tests), dist/cli.js and dist/chunks/*.js (bundle).
 */
export async function locateSelfBin(moduleUrl: string = import.meta.url): Promise<string> {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (let level = 0; level < 4; level++) {
    const bin = path.join(dir, "bin", "cwt.js");
    const pkg = await readFile(path.join(dir, "package.json"), "utf8").catch(() => undefined);
    if (pkg !== undefined && (await stat(bin).catch(() => undefined))?.isFile()) {
      try {
        if ((JSON.parse(pkg) as { name?: unknown }).name === "cwt") return bin;
      } catch {
        // not cwt's package.json: keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new EnvironmentError("SELF_NOT_FOUND", `cannot find this cwt's bin/cwt.js above ${path.dirname(fileURLToPath(moduleUrl))}`, {
    hint: "reinstall cwt (npm install -g), then run cwt claude install-hooks again",
  });
}

async function realOrSelf(file: string): Promise<string> {
  return realpath(file).catch(() => path.resolve(file));
}

/**
 * `cwt` when `cwt` on PATH is this very installation (then the hooks keep working after an upgrade
 * in place), otherwise the absolute path of this installation's bin/cwt.js, quoted for a shell.
 */
export async function commandWord(selfBin: string, env: Deps["env"]): Promise<{ word: string; onPath: boolean }> {
  const onPath = await findExecutable("cwt", env);
  if (onPath !== undefined && (await realOrSelf(onPath)) === (await realOrSelf(selfBin))) return { word: "cwt", onPath: true };
  return { word: shellQuote(selfBin), onPath: false };
}

// ---------------------------------------------------------------------------------------------
// Reading the file safely

type FileState = { readonly kind: "missing"; readonly folderMissing: boolean } | { readonly kind: "file"; readonly text: string; readonly mode: number };

/** Refuses (nothing written) for a symlinked `.claude` or file, a non-folder `.claude`, a non-regular file, unreadable content. */
async function readSettings(mainRoot: string, file: string): Promise<FileState> {
  const rel = path.relative(mainRoot, file);
  const folder = path.dirname(file);
  const folderInfo = await lstat(folder).catch(() => undefined);
  if (folderInfo?.isSymbolicLink()) {
    throw new RefusedError("SETTINGS_SYMLINK", `${path.relative(mainRoot, folder)} is a symlink: cwt does not write Claude Code's settings through it; nothing changed`);
  }
  if (folderInfo && !folderInfo.isDirectory()) {
    throw new RefusedError("SETTINGS_NOT_A_FILE", `${path.relative(mainRoot, folder)} is not a folder; nothing changed`);
  }
  if (!folderInfo) return { kind: "missing", folderMissing: true };
  const info = await lstat(file).catch(() => undefined);
  if (!info) return { kind: "missing", folderMissing: false };
  if (info.isSymbolicLink()) {
    throw new RefusedError("SETTINGS_SYMLINK", `${rel} is a symlink: cwt does not write Claude Code's settings through it; nothing changed`);
  }
  if (!info.isFile()) throw new RefusedError("SETTINGS_NOT_A_FILE", `${rel} is not a regular file; nothing changed`);
  const read = await readBoundedText(file, MAX_SETTINGS_BYTES);
  if (read.kind === "missing") return { kind: "missing", folderMissing: false };
  if (read.kind === "problem") {
    if (read.problem.startsWith("cannot be read")) throw new EnvironmentError("SETTINGS_UNREADABLE", `${rel} ${read.problem}; nothing changed`);
    if (read.problem === "is not a regular file") throw new RefusedError("SETTINGS_NOT_A_FILE", `${rel} is not a regular file; nothing changed`);
    throw new ConfigError(rel, [`${read.problem}; nothing changed`]);
  }
  return { kind: "file", text: read.text, mode: info.mode & 0o7777 };
}

function sameState(a: FileState, b: FileState): boolean {
  if (a.kind === "missing" || b.kind === "missing") return a.kind === b.kind;
  return a.text === b.text;
}

/** Makes git ignore the personal settings file (through `<common dir>/info/exclude`) unless it is tracked or ignored already. */
async function ensureLocalIgnored(repo: Repo): Promise<boolean> {
  const rel = ".claude/settings.local.json";
  // In the checkout (a bare repository's git runs in the bare repository, which has no files).
  const tracked = await repo.git.exec(["ls-files", "-z", "--", rel], { cwd: repo.mainRoot });
  if (tracked.exitCode === 0 && tracked.stdout !== "") return false;
  const ignored = await repo.git.exec(["check-ignore", "-q", "--", rel], { cwd: repo.mainRoot });
  if (ignored.exitCode !== 1) return false; // 0: ignored already; other: git could not say
  const exclude = path.join(repo.commonDir, "info", "exclude");
  const read = await readBoundedText(exclude, 1024 * 1024);
  if (read.kind === "problem") throw new RefusedError("EXCLUDE_UNREADABLE", `${exclude} ${read.problem}`);
  const text = read.kind === "text" ? read.text : "";
  await mkdir(path.dirname(exclude), { recursive: true });
  const prefix = text === "" || text.endsWith("\n") ? "" : "\n";
  await appendFile(exclude, `${prefix}# added by cwt: Claude Code's personal settings\n/${rel}\n`);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Install and uninstall

export interface HooksInput {
  readonly scope: InstallScope;
  readonly dryRun: boolean;
}

export interface HooksResult {
  readonly scope: InstallScope;
  readonly file: string;
  /** The file's text after the command (what --dry-run prints); undefined when there is no file. */
  readonly text: string | undefined;
  /** The file changed (or, on --dry-run, would change). */
  readonly changed: boolean;
  readonly created: boolean;
  readonly dryRun: boolean;
  /** cwt's hooks the file held before. */
  readonly before: readonly InstalledHook[];
  /** cwt's hooks it holds now. */
  readonly after: readonly InstalledHook[];
  /** Other WorktreeCreate/WorktreeRemove hooks in the file. */
  readonly foreign: readonly { event: HookEvent; command: string }[];
  /** `/.claude/settings.local.json` was added to .git/info/exclude. */
  readonly excludeAdded: boolean;
  readonly command: string | undefined;
}

type HooksDeps = Pick<Deps, "env" | "platform" | "signal">;

function afterOf(text: string | undefined): InstalledHook[] {
  if (text === undefined) return [];
  const checked = checkSettingsText(text);
  return checked.kind === "ok" ? findCwtHooks(checked.data) : [];
}

interface Edited {
  readonly state: FileState;
  readonly text: string | undefined;
  readonly changed: boolean;
  readonly before: readonly InstalledHook[];
  readonly foreign: readonly { event: HookEvent; command: string }[];
}

/** Reads, plans, and (unless dry-run) writes, re-checking that nobody changed the file in between. */
async function edit(repo: Repo, input: HooksInput, deps: HooksDeps, command: string, plan: (state: FileState) => EditResult | undefined): Promise<{ file: string; done: Edited }> {
  const file = path.join(repo.mainRoot, SETTINGS_FILE[input.scope]);
  const rel = path.relative(repo.mainRoot, file);
  const attempt = async (): Promise<Edited> => {
    for (let tries = 0; ; tries++) {
      const state = await readSettings(repo.mainRoot, file);
      const result = plan(state);
      if (result === undefined) return { state, text: undefined, changed: false, before: [], foreign: [] }; // nothing to uninstall
      if (result.kind === "invalid") throw new ConfigError(rel, [`${result.problem}; nothing changed`]);
      if (!result.changed || input.dryRun) return { state, ...result };
      if (state.kind === "missing" && state.folderMissing) await mkdir(path.dirname(file), { mode: 0o755 }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "EEXIST") throw e;
      });
      // Claude Code itself writes settings.local.json ("always allow"): never overwrite a change made meanwhile.
      const now = await readSettings(repo.mainRoot, file);
      if (!sameState(state, now)) {
        if (tries < 2) continue;
        throw new RefusedError("SETTINGS_CHANGED", `${rel} keeps changing while cwt edits it; nothing changed`);
      }
      await writeFileAtomic(file, result.text, state.kind === "file" ? state.mode : undefined);
      return { state, ...result };
    }
  };
  const done = input.dryRun ? await attempt() : await withRepoLock(repo, deps, `cwt claude ${command}`, attempt);
  return { file, done };
}

export async function installHooks(input: HooksInput & { readonly guard: boolean }, repo: Repo, deps: HooksDeps, selfBin?: string): Promise<HooksResult> {
  const { word } = await commandWord(selfBin ?? (await locateSelfBin()), deps.env);
  const { file, done } = await edit(repo, input, deps, "install-hooks", (state) => planInstall(state.kind === "file" ? state.text : undefined, word, input.guard));
  const excludeAdded = !input.dryRun && input.scope === "local" ? await ensureLocalIgnored(repo) : false;
  return {
    scope: input.scope,
    file,
    text: done.text,
    changed: done.changed,
    created: done.state.kind === "missing",
    dryRun: input.dryRun,
    before: done.before,
    after: afterOf(done.text),
    foreign: done.foreign,
    excludeAdded,
    command: word,
  };
}

export async function uninstallHooks(input: HooksInput, repo: Repo, deps: HooksDeps): Promise<HooksResult> {
  const { file, done } = await edit(repo, input, deps, "uninstall-hooks", (state) => (state.kind === "file" ? planUninstall(state.text) : undefined));
  return {
    scope: input.scope,
    file,
    text: done.text,
    changed: done.changed,
    created: false,
    dryRun: input.dryRun,
    before: done.before,
    after: afterOf(done.text),
    foreign: [],
    excludeAdded: false,
    command: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Doctor

async function isRunnable(file: string, needExec: boolean): Promise<boolean> {
  try {
    if (needExec) await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Whether a cwt hook command still finds its program: the first word on PATH or as a path, and for `node script`, the script. */
async function checkCommand(command: string, cwd: string, env: Deps["env"]): Promise<{ resolves: boolean | null; resolvedTo: string | null }> {
  const words = commandPrefixWords(command);
  const first = words?.[0];
  if (!words || first === undefined) return { resolves: null, resolvedTo: null };
  if (first.includes("/") && !path.isAbsolute(first)) return { resolves: null, resolvedTo: null }; // relative to the hook's cwd
  const program = await findExecutable(first, env);
  if (!program) return { resolves: false, resolvedTo: null };
  const script = /^node(js)?$/.test(path.basename(first)) ? words.slice(1).find((w) => !w.startsWith("-")) : undefined;
  if (script !== undefined) {
    const full = path.resolve(cwd, script);
    return (await isRunnable(full, false)) ? { resolves: true, resolvedTo: full } : { resolves: false, resolvedTo: null };
  }
  return { resolves: true, resolvedTo: program };
}

export interface HooksReport {
  readonly scopes: readonly ScopeHooks[];
  readonly findings: readonly HookFinding[];
}

/**
 * cwt's hooks in the main checkout's local and project settings and the user's settings. Files
 * that are missing, unreadable or not JSON count as holding none (the policy check reports them).
 */
export async function inspectHooks(repo: Pick<Repo, "mainRoot">, deps: Pick<Deps, "env">): Promise<HooksReport> {
  const configDir = claudeConfigDir(deps.env);
  const files: [HookScopeName, string][] = [
    ["local", path.join(repo.mainRoot, SETTINGS_FILE.local)],
    ["project", path.join(repo.mainRoot, SETTINGS_FILE.project)],
    ...(configDir ? [["user", path.join(configDir, "settings.json")] as [HookScopeName, string]] : []),
  ];
  const scopes = await Promise.all(
    files.map(async ([scope, file]): Promise<ScopeHooks> => {
      const read = await readBoundedText(file, MAX_SETTINGS_BYTES);
      const checked = read.kind === "text" ? checkSettingsText(read.text) : undefined;
      const found = checked?.kind === "ok" ? findCwtHooks(checked.data) : [];
      const hooks = await Promise.all(
        found.map(async (h): Promise<HookCheck> => ({
          event: h.event,
          subcommand: h.subcommand,
          command: h.command,
          jsonPath: h.jsonPath,
          ...(await checkCommand(h.command, repo.mainRoot, deps.env)),
        })),
      );
      return { scope, file, hooks };
    }),
  );
  return { scopes, findings: judgeHooks(scopes) };
}
