import { Chalk, type ChalkInstance } from "chalk";
import path from "node:path";
import { z } from "zod";
import { type HooksResult, installHooks, uninstallHooks } from "../../core/claude-hooks.ts";
import { openRepo } from "../../core/repo.ts";
import type { Deps } from "../../deps.ts";
import { GUARD_MATCHER, type InstalledHook } from "../../policy/claude-hooks.ts";
import { parseOptions } from "../context.ts";
import { printable } from "../render/printable.ts";

const scope = z.enum(["local", "project"]);
const installSchema = z.object({ scope: scope.default("local"), guard: z.boolean().default(true), dryRun: z.boolean().default(false) });
const uninstallSchema = z.object({ scope: scope.default("local"), dryRun: z.boolean().default(false) });

export interface InstallOverrides {
  /** This installation's bin/cwt.js (tests name another one; default: found from this module). */
  readonly selfBin?: string;
}

function say(deps: Deps, lines: readonly string[]): void {
  for (const line of lines) deps.stderr.write(`cwt: ${printable(line, { keepColors: true })}\n`);
}

/** stdout is data: the whole resulting file, without a byte-order mark, ending in a newline. */
function printText(deps: Deps, text: string | undefined): void {
  if (text === undefined) return;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  deps.stdout.write(body.endsWith("\n") ? body : `${body}\n`);
}

function hookLines(hooks: readonly InstalledHook[]): string[] {
  return hooks.map((h) => `  ${h.event.padEnd(15)} ${printable(h.command)}${h.event === "PreToolUse" ? `  (matcher ${printable(h.matcher ?? GUARD_MATCHER)})` : ""}`);
}

function where(result: HooksResult, deps: Deps): string {
  return printable(path.relative(deps.cwd, result.file) || result.file);
}

function installMessages(result: HooksResult, deps: Deps, c: ChalkInstance): string[] {
  const lines: string[] = [];
  const file = printable(result.file);
  if (result.scope === "project") {
    lines.push(
      `${c.yellow("warning:")} .claude/settings.json is shared through git: a teammate without cwt can then not create worktrees with Claude Code at all (a WorktreeCreate hook replaces Claude Code's own creation). Use it only when the whole team uses cwt; commit it so sessions inside worktrees read it too.`,
    );
  }
  for (const f of result.foreign) {
    lines.push(`${c.yellow("warning:")} ${file} also has a ${f.event} hook "${printable(f.command)}": Claude Code runs it as well as cwt's`);
  }
  if (!result.changed) {
    lines.push(`cwt's Claude Code hooks are already installed in ${file}; nothing changed`);
  } else {
    const verb = result.dryRun ? "would install" : c.green("installed");
    lines.push(`${verb} cwt's Claude Code hooks in ${file}${result.created ? " (new file)" : ""}:`, ...hookLines(result.after));
    const guardGone = result.before.some((h) => h.event === "PreToolUse") && !result.after.some((h) => h.event === "PreToolUse");
    if (guardGone) lines.push(`${result.dryRun ? "would remove" : "removed"} cwt's PreToolUse guard (--no-guard)`);
  }
  if (result.command !== undefined && result.command !== "cwt") {
    lines.push(`\`cwt\` on PATH is not this installation (or there is none), so the hooks name it by its full path; run install-hooks again if you move cwt`);
  }
  if (result.excludeAdded) lines.push(`added /.claude/settings.local.json to .git/info/exclude (personal settings stay out of git)`);
  if (result.dryRun) lines.push(`dry run: nothing changed (${where(result, deps)} as it would be is on stdout)`);
  return lines;
}

export async function runInstall(opts: Record<string, unknown>, deps: Deps, overrides: InstallOverrides = {}): Promise<void> {
  const input = parseOptions(installSchema, opts);
  const repo = await openRepo(deps);
  const result = await installHooks(input, repo, deps, overrides.selfBin);
  if (input.dryRun) printText(deps, result.text);
  say(deps, installMessages(result, deps, new Chalk({ level: deps.colorLevel })));
}

export async function runUninstall(opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(uninstallSchema, opts);
  const repo = await openRepo(deps);
  const result = await uninstallHooks(input, repo, deps);
  const c = new Chalk({ level: deps.colorLevel });
  if (input.dryRun) printText(deps, result.text);
  const lines: string[] = [];
  const file = printable(result.file);
  if (result.text === undefined) lines.push(`${file} does not exist; nothing changed`);
  else if (!result.changed) lines.push(`${file} has no cwt hooks; nothing changed`);
  else lines.push(`${result.dryRun ? "would remove" : c.green("removed")} cwt's Claude Code hooks from ${file}:`, ...hookLines(result.before));
  if (result.dryRun && result.text !== undefined) lines.push(`dry run: nothing changed (${where(result, deps)} as it would be is on stdout)`);
  say(deps, lines);
}
