// Pure: judges Claude Code's worktree settings for one worktree. Parsed sources in, findings out.
// Facts (precedence, what Claude Code ignores) are from claude-code.md §3 and §5.
import path from "node:path";
import { z } from "zod";
import type { Finding } from "./findings.ts";
import { isInside } from "./paths.ts";

/** Where a setting can come from, highest precedence first (see PRECEDENCE). */
export type Scope = "env" | "managed" | "local" | "local-legacy" | "project" | "user";

/**
 * `CLAUDE_BG_ISOLATION` is read before any settings file; managed settings beat every file; the
 * main checkout's settings.local.json beats a legacy one in the worktree; then the worktree's
 * .claude/settings.json; then the user's. (`--settings` on a command line sits between managed
 * and local; cwt cannot see command lines.)
 */
export const PRECEDENCE: readonly Scope[] = ["env", "managed", "local", "local-legacy", "project", "user"];

export interface SettingsSource {
  readonly scope: Scope;
  /** The file's path, or the variable's name for `env`. */
  readonly file: string;
  /** The parsed object; undefined when the file is missing or Claude Code would reject it. */
  readonly data: Record<string, unknown> | undefined;
  /** Where a symlinked settings file really points (undefined when it is no symlink). */
  readonly symlinkTarget?: string | undefined;
  /** settings.local.json committed to git. */
  readonly tracked?: boolean | undefined;
}

export interface Approval {
  readonly by: string;
  readonly reason: string;
  readonly until?: string | undefined;
}

export interface PolicyInput {
  /** In any order; each scope may appear more than once (managed-settings.d files, highest first). */
  readonly sources: readonly SettingsSource[];
  readonly mainRoot: string;
  readonly worktreePath: string;
  readonly home: string | undefined;
  /** `approvals.bgIsolationNone` from the team's cwt.config.json. */
  readonly approval: Approval | undefined;
  /** Whether the per-user cwt config also holds an approval (which never counts). */
  readonly userApproval: boolean;
  readonly teamConfigFile: string;
  readonly now: Date;
}

export type BgIsolation = "worktree" | "none";

export interface EffectiveBgIsolation {
  readonly value: BgIsolation;
  /** The source that decided, or null for Claude Code's default. */
  readonly source: { readonly scope: Scope; readonly file: string } | null;
}

export interface PolicyResult {
  readonly bgIsolation: EffectiveBgIsolation;
  readonly findings: Finding[];
}

const bgIsolationSchema = z.enum(["worktree", "none"]);
const baseRefSchema = z.enum(["fresh", "head"]);
const stringList = z.array(z.string());

function get(data: Record<string, unknown> | undefined, ...keys: string[]): unknown {
  let value: unknown = data;
  for (const key of keys) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function rank(source: SettingsSource): number {
  return PRECEDENCE.indexOf(source.scope);
}

/**
 * Claude Code drops an invalid bgIsolation silently (zod `.catch(undefined)`), as if that source
 * did not set it, so the next source down decides.
 */
export function effectiveBgIsolation(sources: readonly SettingsSource[]): EffectiveBgIsolation {
  const ordered = [...sources].sort((a, b) => rank(a) - rank(b));
  for (const source of ordered) {
    const raw = source.scope === "env" ? get(source.data, "CLAUDE_BG_ISOLATION") : get(source.data, "worktree", "bgIsolation");
    const parsed = bgIsolationSchema.safeParse(raw);
    if (parsed.success) return { value: parsed.data, source: { scope: source.scope, file: source.file } };
  }
  return { value: "worktree", source: null };
}

/**
 * Where a sandbox path points: "/" and the legacy "//" are absolute, "~/" is home, anything else is
 * relative to the project root (the worktree) in project and local files, and to ~/.claude in the
 * user's file (not the repository's concern, so undefined).
 */
function resolveAllowWrite(entry: string, scope: Scope, input: PolicyInput): string | undefined {
  if (entry.startsWith("/")) return path.resolve(entry.replace(/^\/\//, "/"));
  if (entry.startsWith("~/")) return input.home ? path.join(input.home, entry.slice(2)) : undefined;
  if (scope === "project" || scope === "local" || scope === "local-legacy") return path.resolve(input.worktreePath, entry);
  return undefined;
}

function checkSource(source: SettingsSource, input: PolicyInput): Finding[] {
  const findings: Finding[] = [];
  const file = source.file;
  if (source.scope === "env") {
    const raw = get(source.data, "CLAUDE_BG_ISOLATION");
    if (raw !== undefined && !bgIsolationSchema.safeParse(raw).success) {
      findings.push({
        id: "bg-isolation-invalid",
        severity: "error",
        file,
        message: `CLAUDE_BG_ISOLATION=${JSON.stringify(raw)} is neither "worktree" nor "none"; Claude Code will ignore it`,
        fix: 'unset it, or set it to "worktree"',
      });
    }
    return findings;
  }
  const worktree = get(source.data, "worktree");
  if (worktree !== undefined && (typeof worktree !== "object" || worktree === null || Array.isArray(worktree))) {
    findings.push({ id: "settings-wrong-type", severity: "error", file, jsonPath: "worktree", message: "worktree must be an object", fix: 'write "worktree": { ... }' });
  }
  const bg = get(source.data, "worktree", "bgIsolation");
  if (bg !== undefined && !bgIsolationSchema.safeParse(bg).success) {
    findings.push({
      id: "bg-isolation-invalid",
      severity: "error",
      file,
      jsonPath: "worktree.bgIsolation",
      message: `worktree.bgIsolation is ${JSON.stringify(bg)}, which is neither "worktree" nor "none"; Claude Code will ignore it silently`,
      fix: 'set it to "worktree" (or "none" with a recorded approval), or remove it',
    });
  }
  const baseRef = get(source.data, "worktree", "baseRef");
  if (baseRef !== undefined && !baseRefSchema.safeParse(baseRef).success) {
    findings.push({
      id: "base-ref-invalid",
      severity: "error",
      file,
      jsonPath: "worktree.baseRef",
      message: `worktree.baseRef is ${JSON.stringify(baseRef)}; Claude Code accepts only "fresh" or "head" (not a branch name)`,
      fix: 'set it to "fresh" or "head"',
    });
  }
  for (const key of ["symlinkDirectories", "sparsePaths"] as const) {
    const value = get(source.data, "worktree", key);
    if (value === undefined) continue;
    const list = stringList.safeParse(value);
    if (!list.success) {
      findings.push({ id: "worktree-paths-invalid", severity: "error", file, jsonPath: `worktree.${key}`, message: `worktree.${key} must be a list of strings`, fix: 'write e.g. ["node_modules"]' });
      continue;
    }
    list.data.forEach((entry, i) => {
      const normalized = path.posix.normalize(entry.replaceAll("\\", "/"));
      if (entry === "" || path.posix.isAbsolute(normalized) || /^[A-Za-z]:/.test(entry) || normalized === ".." || normalized.startsWith("../") || entry.startsWith("~")) {
        findings.push({
          id: "worktree-paths-invalid",
          severity: "error",
          file,
          jsonPath: `worktree.${key}[${i}]`,
          message: `worktree.${key} entry ${JSON.stringify(entry)} is not a relative path inside the repository`,
          fix: "use a path relative to the repository root, without '..'",
        });
      }
    });
  }
  const allowWrite = get(source.data, "sandbox", "filesystem", "allowWrite");
  if (allowWrite !== undefined) {
    const list = stringList.safeParse(allowWrite);
    if (!list.success) {
      findings.push({ id: "settings-wrong-type", severity: "error", file, jsonPath: "sandbox.filesystem.allowWrite", message: "sandbox.filesystem.allowWrite must be a list of strings", fix: "write a list of paths" });
    } else {
      list.data.forEach((entry, i) => {
        const absolute = resolveAllowWrite(entry, source.scope, input);
        // Inside the main checkout, or a folder that contains it ("/", "~/"): either opens the shared checkout.
        const opensMain = absolute !== undefined && (isInside(absolute, input.mainRoot) || isInside(input.mainRoot, absolute));
        if (opensMain && !isInside(absolute, input.worktreePath) && input.mainRoot !== input.worktreePath) {
          findings.push({
            id: "sandbox-allow-write-main-checkout",
            severity: "warning",
            file,
            jsonPath: `sandbox.filesystem.allowWrite[${i}]`,
            message: `sandbox.filesystem.allowWrite lets a session in this worktree write into the shared main checkout (${entry})`,
            fix: "allow a path inside the worktree instead, or a relative path",
          });
        }
      });
    }
  }
  if (source.symlinkTarget !== undefined && (source.scope === "project" || source.scope === "local" || source.scope === "local-legacy") && !isInside(source.symlinkTarget, input.mainRoot) && !isInside(source.symlinkTarget, input.worktreePath)) {
    findings.push({
      id: "settings-symlink-outside",
      severity: "warning",
      file,
      message: `the settings file is a symlink to ${source.symlinkTarget}, outside the repository`,
      fix: "replace the symlink with a real file",
    });
  }
  if (source.tracked) {
    findings.push({
      id: "settings-local-tracked",
      severity: "warning",
      file,
      message: ".claude/settings.local.json is tracked by git, but it is meant to be private to each person",
      fix: "git rm --cached .claude/settings.local.json and add it to .gitignore",
    });
  }
  return findings;
}

/** A date-only `until` is valid through the end of that day (UTC). */
export function approvalEnd(until: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? Date.parse(until) + 86_400_000 : Date.parse(until);
}

function approvalFindings(effective: EffectiveBgIsolation, input: PolicyInput): Finding[] {
  const findings: Finding[] = [];
  if (input.userApproval) {
    findings.push({
      id: "approval-in-user-config",
      severity: "warning",
      message: "an approval for bgIsolation \"none\" in the per-user cwt config does not count",
      fix: `record it in the team's ${input.teamConfigFile} (approvals.bgIsolationNone)`,
    });
  }
  if (effective.value !== "none") return findings;
  const from = effective.source ? `${effective.source.file}` : "";
  const at = effective.source?.scope === "env" ? undefined : "worktree.bgIsolation";
  if (!input.approval) {
    findings.push({
      id: "bg-isolation-none-unapproved",
      severity: "error",
      file: from,
      jsonPath: at,
      message: 'bgIsolation is "none": background sessions edit the shared checkout directly, and no approval is recorded',
      fix: `set it to "worktree", or record who approved it and why in ${input.teamConfigFile}: "approvals": {"bgIsolationNone": {"by": "...", "reason": "...", "until": "YYYY-MM-DD"}}`,
    });
  } else if (input.approval.until !== undefined && approvalEnd(input.approval.until) <= input.now.getTime()) {
    findings.push({
      id: "bg-isolation-none-approval-expired",
      severity: "error",
      file: from,
      jsonPath: at,
      message: `bgIsolation is "none" and its approval (by ${input.approval.by}) expired on ${input.approval.until}`,
      fix: `renew approvals.bgIsolationNone.until in ${input.teamConfigFile}, or set bgIsolation to "worktree"`,
    });
  }
  return findings;
}

export function evaluatePolicy(input: PolicyInput): PolicyResult {
  const ordered = [...input.sources].sort((a, b) => rank(a) - rank(b));
  const bgIsolation = effectiveBgIsolation(ordered);
  const findings = ordered.flatMap((s) => checkSource(s, input));
  findings.push(...approvalFindings(bgIsolation, input));
  return { bgIsolation, findings };
}
