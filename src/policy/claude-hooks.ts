// Pure: cwt's entries in a Claude Code settings file (claude-code.md §4, §4b, §5). Adds and removes
// them as text edits (jsonc-parser's modify), so every other byte of the file stays as it was, and
// judges what `cwt doctor` finds installed. No fs: the caller reads and writes the file.
import { applyEdits, findNodeAtLocation, type FormattingOptions, modify, type Node, parseTree } from "jsonc-parser";
import type { Finding, Severity } from "./findings.ts";
import { parseSettingsText } from "./settings-json.ts";

/** The events cwt manages, in the order an install adds them. */
export const HOOK_EVENTS = ["WorktreeCreate", "WorktreeRemove", "PreToolUse"] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export type CwtHookCommand = "worktree-create" | "worktree-remove" | "guard";

export const SUBCOMMAND: Readonly<Record<HookEvent, CwtHookCommand>> = {
  WorktreeCreate: "worktree-create",
  WorktreeRemove: "worktree-remove",
  PreToolUse: "guard",
};

/** The edit tools the guard watches (a regex over the tool name). WorktreeCreate/Remove take no matcher. */
export const GUARD_MATCHER = "Edit|Write|MultiEdit|NotebookEdit";

/**
 * `<anything>cwt[.js]['"] claude <subcommand>` at the end of a hook's command, optionally followed
 * by ` || exit 1` (the guard's: see hookCommand).
 */
const CWT_COMMAND = /(?:^|[\s/'"])cwt(?:\.js)?['"]?\s+claude\s+(worktree-create|worktree-remove|guard)\s*(?:\|\|\s*exit\s+1\s*)?$/;

/** Which cwt hook a command runs, or undefined when it is not one of cwt's. */
export function cwtSubcommandOf(command: unknown): CwtHookCommand | undefined {
  if (typeof command !== "string") return undefined;
  return CWT_COMMAND.exec(command)?.[1] as CwtHookCommand | undefined;
}

/** A word as a POSIX shell reads it back (Claude Code runs hook commands through a shell). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook command for one event, given how cwt is named (`cwt`, or a quoted absolute path). The
 * guard's ends with `|| exit 1`: it denies through JSON on stdout with exit 0, so any failure of
 * the command itself (an older cwt without `claude guard` exits 2 for an unknown command, which
 * Claude Code would read as a denial of every edit) becomes a non-blocking error instead.
 */
export function hookCommand(word: string, event: HookEvent): string {
  return `${word} claude ${SUBCOMMAND[event]}${event === "PreToolUse" ? " || exit 1" : ""}`;
}

// ---------------------------------------------------------------------------------------------
// Reading and validating the file

export type SettingsCheck =
  | { readonly kind: "ok"; readonly bom: boolean; readonly body: string; readonly data: Record<string, unknown> }
  | { readonly kind: "invalid"; readonly problem: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Checks that cwt can edit the file's hooks without guessing: strict JSON (comments refused, not
 * stripped), an object at the top, `hooks` an object, each managed event an array of objects whose
 * `hooks` is an array, and no duplicate keys under `hooks` (which one would count?). A BOM is kept.
 */
export function checkSettingsText(text: string): SettingsCheck {
  const parsed = parseSettingsText(text, "");
  const bom = text.startsWith("\uFEFF");
  const body = bom ? text.slice(1) : text;
  if (body.trim() === "") return { kind: "invalid", problem: "is empty, not a JSON object" };
  const error = parsed.findings.find((f) => f.severity === "error");
  if (error || !parsed.data) return { kind: "invalid", problem: error?.message ?? "is not a JSON object" };
  const duplicate = parsed.findings.find((f) => f.id === "settings-duplicate-key" && /^hooks(\.|$)/.test(f.jsonPath ?? ""));
  if (duplicate) return { kind: "invalid", problem: `the key ${duplicate.jsonPath ?? "hooks"} appears more than once` };
  const data = parsed.data;
  if ("hooks" in data) {
    const hooks = data.hooks;
    if (!isObject(hooks)) return { kind: "invalid", problem: `"hooks" is ${typeName(hooks)}, not an object` };
    for (const event of HOOK_EVENTS) {
      if (!(event in hooks)) continue;
      const groups = hooks[event];
      if (!Array.isArray(groups)) return { kind: "invalid", problem: `"hooks.${event}" is ${typeName(groups)}, not an array` };
      for (const [i, group] of groups.entries()) {
        if (!isObject(group)) return { kind: "invalid", problem: `"hooks.${event}[${i}]" is ${typeName(group)}, not an object` };
        if ("hooks" in group && !Array.isArray(group.hooks)) {
          return { kind: "invalid", problem: `"hooks.${event}[${i}].hooks" is ${typeName(group.hooks)}, not an array` };
        }
      }
    }
  }
  return { kind: "ok", bom, body, data };
}

// ---------------------------------------------------------------------------------------------
// Finding cwt's entries

export interface InstalledHook {
  readonly event: HookEvent;
  readonly subcommand: CwtHookCommand;
  readonly command: string;
  readonly matcher: string | undefined;
  /** Where it sits, e.g. hooks.PreToolUse[0].hooks[1]. */
  readonly jsonPath: string;
  readonly group: number;
  readonly index: number;
}

function groupsOf(data: Record<string, unknown>, event: HookEvent): unknown[] {
  const hooks = data.hooks;
  if (!isObject(hooks)) return [];
  const groups = hooks[event];
  return Array.isArray(groups) ? groups : [];
}

/** cwt's hooks on one managed event (any cwt subcommand counts as cwt's, wherever it sits). */
function cwtHooksOn(data: Record<string, unknown>, event: HookEvent): InstalledHook[] {
  const found: InstalledHook[] = [];
  for (const [g, group] of groupsOf(data, event).entries()) {
    if (!isObject(group) || !Array.isArray(group.hooks)) continue;
    for (const [h, hook] of group.hooks.entries()) {
      if (!isObject(hook)) continue;
      const subcommand = cwtSubcommandOf(hook.command);
      if (!subcommand) continue;
      found.push({
        event,
        subcommand,
        command: hook.command as string,
        matcher: typeof group.matcher === "string" ? group.matcher : undefined,
        jsonPath: `hooks.${event}[${g}].hooks[${h}]`,
        group: g,
        index: h,
      });
    }
  }
  return found;
}

export function findCwtHooks(data: Record<string, unknown>): InstalledHook[] {
  return HOOK_EVENTS.flatMap((event) => cwtHooksOn(data, event));
}

/** Command hooks on WorktreeCreate/WorktreeRemove that are not cwt's: Claude Code would run them too. */
export function foreignWorktreeHooks(data: Record<string, unknown>): { event: HookEvent; command: string }[] {
  const out: { event: HookEvent; command: string }[] = [];
  for (const event of ["WorktreeCreate", "WorktreeRemove"] as const) {
    for (const group of groupsOf(data, event)) {
      if (!isObject(group) || !Array.isArray(group.hooks)) continue;
      for (const hook of group.hooks) {
        if (isObject(hook) && !cwtSubcommandOf(hook.command)) out.push({ event, command: typeof hook.command === "string" ? hook.command : `(${String(hook.type ?? "?")} hook)` });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Editing

/** Follows the file's own indentation and line ends, so inserted text looks like the rest. */
export function detectFormatting(body: string): FormattingOptions {
  const eol = body.includes("\r\n") ? "\r\n" : "\n";
  const indent = /\n([ \t]+)\S/.exec(body)?.[1];
  if (indent?.startsWith("\t")) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

type JsonPath = (string | number)[];

class Editor {
  text: string;
  readonly #formatting: FormattingOptions;
  constructor(text: string) {
    this.text = text;
    this.#formatting = detectFormatting(text);
  }
  get data(): Record<string, unknown> {
    return JSON.parse(this.text) as Record<string, unknown>;
  }
  set(path: JsonPath, value: unknown): void {
    this.text = applyEdits(this.text, modify(this.text, path, value, { formattingOptions: this.#formatting }));
  }
  append(path: JsonPath, value: unknown): void {
    this.text = applyEdits(this.text, modify(this.text, [...path, -1], value, { formattingOptions: this.#formatting, isArrayInsertion: true }));
  }
  /**
   * Removes one property or array element with its separating comma, touching nothing else: the
   * exact inverse of jsonc-parser's append at the end. (Its own removal mangles the last element of
   * an array that is not followed by exactly one character before `]`, as in `[1, 2]`.)
   */
  remove(path: JsonPath): void {
    const root = parseTree(this.text);
    const target = root && findNodeAtLocation(root, path);
    // A property's value sits in a "property" node (key and value); an element is the node itself.
    const node = target?.parent?.type === "property" ? target.parent : target;
    const container = node?.parent;
    if (!node || !container?.children) throw new Error(`no ${path.join(".")} to remove`);
    const siblings = container.children;
    const i = siblings.indexOf(node);
    const prev: Node | undefined = siblings[i - 1];
    const next: Node | undefined = siblings[i + 1];
    let start: number;
    let end: number;
    if (prev) [start, end] = [prev.offset + prev.length, node.offset + node.length];
    else if (next) [start, end] = [node.offset, next.offset];
    else [start, end] = [container.offset + 1, container.offset + container.length - 1]; // the only one: leaves {} or []
    this.text = this.text.slice(0, start) + this.text.slice(end);
  }
}

/**
 * Removes the given cwt hooks of one event: a group left with no hooks goes, and (when asked) the
 * event's array when it ends up empty. Works from the last index back, so earlier paths stay valid.
 */
function removeHooks(editor: Editor, event: HookEvent, found: readonly InstalledHook[], dropEmptyEvent: boolean): void {
  if (found.length === 0) return;
  const groups = groupsOf(editor.data, event);
  const byGroup = new Map<number, number[]>();
  for (const f of found) byGroup.set(f.group, [...(byGroup.get(f.group) ?? []), f.index]);
  let groupsLeft = groups.length;
  for (const g of [...byGroup.keys()].sort((a, b) => b - a)) {
    const indexes = (byGroup.get(g) ?? []).sort((a, b) => b - a);
    const group = groups[g] as { hooks: unknown[] };
    if (indexes.length === group.hooks.length) {
      editor.remove(["hooks", event, g]);
      groupsLeft--;
    } else {
      for (const h of indexes) editor.remove(["hooks", event, g, "hooks", h]);
    }
  }
  if (dropEmptyEvent && groupsLeft === 0) editor.remove(["hooks", event]);
}

function wantedGroup(event: HookEvent, command: string): Record<string, unknown> {
  const hook = { type: "command", command };
  return event === "PreToolUse" ? { matcher: GUARD_MATCHER, hooks: [hook] } : { hooks: [hook] };
}

/** Makes one event hold exactly one cwt hook running `command`, or none when `command` is undefined. */
function setEvent(editor: Editor, event: HookEvent, command: string | undefined): void {
  const found = cwtHooksOn(editor.data, event);
  if (command === undefined) {
    removeHooks(editor, event, found, true);
    return;
  }
  const only = found.length === 1 ? found[0] : undefined;
  if (only) {
    const group = groupsOf(editor.data, event)[only.group] as { matcher?: unknown; hooks: Record<string, unknown>[] };
    const hook = group.hooks[only.index] ?? {};
    // The guard's group must watch exactly the edit tools; a group holding only cwt's hook can be retuned.
    const groupFits = event !== "PreToolUse" || group.matcher === GUARD_MATCHER || group.hooks.length === 1;
    if (groupFits) {
      const at: JsonPath = ["hooks", event, only.group, "hooks", only.index];
      if (hook.type !== "command") editor.set([...at, "type"], "command");
      if (hook.command !== command) editor.set([...at, "command"], command);
      if (event === "PreToolUse" && group.matcher !== GUARD_MATCHER) editor.set(["hooks", event, only.group, "matcher"], GUARD_MATCHER);
      return;
    }
  }
  removeHooks(editor, event, found, false);
  const hooks = editor.data.hooks;
  if (isObject(hooks) && Array.isArray(hooks[event])) editor.append(["hooks", event], wantedGroup(event, command));
  else editor.set(["hooks", event], [wantedGroup(event, command)]);
}

export type EditResult =
  | { readonly kind: "invalid"; readonly problem: string }
  | {
      readonly kind: "ok";
      /** The whole new file (with the BOM when the old one had one). */
      readonly text: string;
      readonly changed: boolean;
      /** cwt's hooks found before the edit. */
      readonly before: readonly InstalledHook[];
      /** Other WorktreeCreate/WorktreeRemove hooks in the file (Claude Code runs them as well). */
      readonly foreign: readonly { event: HookEvent; command: string }[];
    };

/**
 * The settings with cwt's hooks taken out, as plain data; a group that held only cwt's hooks goes,
 * and so do empty managed-event arrays and an empty `hooks` (an empty container means nothing).
 */
function withoutCwt(data: Record<string, unknown>): Record<string, unknown> {
  if (!isObject(data.hooks)) return data;
  const hooks: Record<string, unknown> = { ...data.hooks };
  for (const event of HOOK_EVENTS) {
    const groups = hooks[event];
    if (!Array.isArray(groups)) continue;
    const kept = groups.flatMap((group: unknown) => {
      if (!isObject(group) || !Array.isArray(group.hooks)) return [group];
      const left = group.hooks.filter((h: unknown) => !(isObject(h) && cwtSubcommandOf(h.command)));
      if (left.length === group.hooks.length) return [group];
      return left.length === 0 ? [] : [{ ...group, hooks: left }];
    });
    if (kept.length === 0) delete hooks[event];
    else hooks[event] = kept;
  }
  const { hooks: _old, ...rest } = data;
  return Object.keys(hooks).length === 0 ? rest : { ...rest, hooks };
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return a === b;
}

/**
 * The edit's promise, checked on the result before anything is written: apart from cwt's hooks the
 * settings mean what they meant, and cwt's hooks are exactly the wanted ones (`Event command`).
 * A failure here is a bug (in cwt or the JSON library), never a reason to write a damaged file.
 */
function verify(before: Record<string, unknown>, after: Record<string, unknown>, wanted: readonly string[]): void {
  const have = findCwtHooks(after).map((h) => `${h.event} ${h.command}`);
  if (!sameJson(withoutCwt(before), withoutCwt(after)) || have.join("\n") !== wanted.join("\n")) {
    throw new Error("editing the settings would have changed more than cwt's hooks; nothing was written (a bug: please report it)");
  }
}

/** Drops `hooks` when cwt's edit left it empty (an empty `hooks` that was there before stays). */
function dropEmptyHooks(editor: Editor, hadHooks: boolean): void {
  const hooks = editor.data.hooks;
  if (hadHooks && isObject(hooks) && Object.keys(hooks).length === 0) editor.remove(["hooks"]);
}

/**
 * Install: cwt's WorktreeCreate, WorktreeRemove and (with `guard`) PreToolUse hooks, each exactly
 * once, running `word claude <subcommand>`. `text` undefined: the file does not exist yet.
 */
export function planInstall(text: string | undefined, word: string, guard: boolean): EditResult {
  const checked = checkSettingsText(text ?? "{}\n");
  if (checked.kind === "invalid") return checked;
  const editor = new Editor(checked.body);
  const hadNonEmptyHooks = isObject(checked.data.hooks) && Object.keys(checked.data.hooks).length > 0;
  for (const event of HOOK_EVENTS) setEvent(editor, event, event === "PreToolUse" && !guard ? undefined : hookCommand(word, event));
  dropEmptyHooks(editor, hadNonEmptyHooks || !("hooks" in checked.data));
  const after = editor.data;
  const wanted = HOOK_EVENTS.filter((e) => guard || e !== "PreToolUse").map((e) => `${e} ${hookCommand(word, e)}`);
  verify(checked.data, after, wanted);
  const out = (checked.bom ? "\uFEFF" : "") + editor.text;
  return { kind: "ok", text: out, changed: text === undefined || out !== text, before: findCwtHooks(checked.data), foreign: foreignWorktreeHooks(after) };
}

/** Uninstall: removes only cwt's hooks, then whatever that left empty (group, event array, `hooks`). */
export function planUninstall(text: string): EditResult {
  const checked = checkSettingsText(text);
  if (checked.kind === "invalid") return checked;
  const editor = new Editor(checked.body);
  const before = findCwtHooks(checked.data);
  for (const event of HOOK_EVENTS) removeHooks(editor, event, cwtHooksOn(editor.data, event), true);
  dropEmptyHooks(editor, isObject(checked.data.hooks) && Object.keys(checked.data.hooks).length > 0);
  verify(checked.data, editor.data, []);
  const out = (checked.bom ? "\uFEFF" : "") + editor.text;
  return { kind: "ok", text: out, changed: out !== text, before, foreign: [] };
}

// ---------------------------------------------------------------------------------------------
// Doctor: is the command still there?

/**
 * The words before ` claude <subcommand>` in a cwt hook command, unquoted as a POSIX shell would.
 * undefined when the prefix needs a shell to judge (variables, `~`, command substitution, assignments).
 */
export function commandPrefixWords(command: string): string[] | undefined {
  const match = /\s+claude\s+(?:worktree-create|worktree-remove|guard)\s*(?:\|\|\s*exit\s+1\s*)?$/.exec(command);
  const prefix = match ? command.slice(0, match.index) : command;
  const words: string[] = [];
  let i = 0;
  while (i < prefix.length) {
    while (i < prefix.length && /\s/.test(prefix[i] ?? "")) i++;
    if (i >= prefix.length) break;
    let word = "";
    let quoted = false;
    while (i < prefix.length && !/\s/.test(prefix[i] ?? "")) {
      const c = prefix[i] ?? "";
      if (c === "'") {
        const end = prefix.indexOf("'", i + 1);
        if (end < 0) return undefined;
        word += prefix.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else if (c === '"') {
        i++;
        for (;;) {
          const d = prefix[i];
          if (d === undefined) return undefined;
          if (d === '"') break;
          if (d === "$" || d === "`") return undefined;
          if (d === "\\" && /["\\$`]/.test(prefix[i + 1] ?? "")) {
            word += prefix[i + 1];
            i += 2;
          } else {
            word += d;
            i++;
          }
        }
        quoted = true;
        i++;
      } else if (c === "\\") {
        if (i + 1 >= prefix.length) return undefined;
        word += prefix[i + 1];
        i += 2;
      } else if (/[$`;&|<>()*?[\]{}]/.test(c) || (c === "~" && word === "" && !quoted)) {
        return undefined;
      } else {
        word += c;
        i++;
      }
    }
    if (words.length === 0 && !quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) return undefined; // VAR=value cwt ...
    words.push(word);
  }
  return words.length > 0 ? words : undefined;
}

/** The files cwt checks, by scope: the main checkout's local and project settings and the user's. */
export type HookScopeName = "local" | "project" | "user";

/** What a hook command runs: `resolved` is the program (or script) found, null when it is gone. */
export interface HookCheck {
  readonly event: HookEvent;
  readonly subcommand: CwtHookCommand;
  readonly command: string;
  readonly jsonPath: string;
  /** true: found and runnable; false: gone; null: cwt cannot judge without a shell. */
  readonly resolves: boolean | null;
  readonly resolvedTo: string | null;
}

export interface ScopeHooks {
  readonly scope: HookScopeName;
  readonly file: string;
  readonly hooks: readonly HookCheck[];
}

/** Doctor's findings may also be informational. */
export interface HookFinding extends Omit<Finding, "severity"> {
  readonly severity: Severity | "info";
}

const HOOK_ROLE: Readonly<Record<CwtHookCommand, string>> = {
  "worktree-create": "every claude -w (and every subagent with worktree isolation) fails",
  "worktree-remove": "Claude Code leaves the worktrees cwt made for it on disk",
  guard: "the edit guard does not run: edits into other checkouts go ahead unchecked",
};

/**
 * Judges cwt's hooks across the scopes that have them (hooks from several files add up in Claude
 * Code, so completeness is judged over all of them): info when installed and runnable, a warning
 * when only one of create/remove is there or a hook is installed in more than one file, an error
 * when a command no longer resolves.
 */
export function judgeHooks(scopes: readonly ScopeHooks[]): HookFinding[] {
  const findings: HookFinding[] = [];
  const installed = scopes.filter((s) => s.hooks.length > 0);
  for (const s of installed) {
    for (const h of s.hooks) {
      if (h.resolves !== false) continue;
      findings.push({
        id: "claude-hook-unresolvable",
        severity: "error",
        file: s.file,
        jsonPath: `${h.jsonPath}.command`,
        message: `the ${h.event} hook runs "${h.command}", which no longer resolves: ${HOOK_ROLE[h.subcommand]}`,
        fix: `cwt claude install-hooks${s.scope === "project" ? " --scope project" : ""} (rewrites the command for this cwt), or cwt claude uninstall-hooks`,
      });
    }
    const broken = s.hooks.some((h) => h.resolves === false);
    if (!broken) {
      const list = s.hooks.map((h) => `${h.event} "${h.command}"${h.resolves === null ? " (not checked: needs a shell)" : ""}`).join(", ");
      findings.push({ id: "claude-hooks-installed", severity: "info", file: s.file, message: `cwt's Claude Code hooks (${s.scope}): ${list}`, fix: "nothing to do" });
    }
  }
  const all = installed.flatMap((s) => s.hooks.map((h) => ({ ...h, scope: s.scope, file: s.file })));
  const has = (sub: CwtHookCommand) => all.some((h) => h.subcommand === sub);
  if (has("worktree-create") !== has("worktree-remove")) {
    const missing = has("worktree-create") ? "WorktreeRemove" : "WorktreeCreate";
    const first = all[0];
    findings.push({
      id: "claude-hooks-partial",
      severity: "warning",
      file: first?.file,
      message:
        missing === "WorktreeRemove"
          ? "cwt's WorktreeCreate hook is installed without its WorktreeRemove hook: Claude Code leaves the worktrees it made through cwt on disk"
          : "cwt's WorktreeRemove hook is installed without its WorktreeCreate hook: claude -w makes its own worktrees, and cwt removes them",
      fix: `cwt claude install-hooks${first?.scope === "project" ? " --scope project" : ""}`,
    });
  }
  for (const sub of ["worktree-create", "worktree-remove", "guard"] as const) {
    const places = [...new Set(all.filter((h) => h.subcommand === sub).map((h) => h.file))];
    const count = all.filter((h) => h.subcommand === sub).length;
    if (count < 2) continue;
    findings.push({
      id: "claude-hooks-duplicate",
      severity: "warning",
      file: places[0],
      message: `cwt's "${sub}" hook is installed ${count} times (${places.join(", ")}): Claude Code runs every one of them`,
      fix: "cwt claude uninstall-hooks --scope local|project in all but one scope (or edit ~/.claude/settings.json)",
    });
  }
  return findings;
}
