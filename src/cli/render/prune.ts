// The prune report: human text and the JSON document (README "cwt prune --json").
import { Chalk } from "chalk";
import type { PruneCandidate, PruneOutcome, PrunePlan } from "../../core/prune.ts";
import type { Deps } from "../../deps.ts";
import { printable } from "./printable.ts";

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** At most a handful of paths, then how many more. */
export function listed(paths: readonly string[], max = 8): string {
  const shown = paths.slice(0, max).map((p) => printable(p));
  return paths.length > max ? `${shown.join(", ")} and ${paths.length - max} more` : shown.join(", ");
}

/** Untrusted text (names, paths, reasons) escaped before it is coloured: the final pass keeps only cwt's own colours. */
const p = (text: string) => printable(text);

function branchText(c: PruneCandidate, done?: boolean): string {
  const b = c.branchPlan;
  if (b.action === "delete") return done === false ? "" : `, ${done ? "deleted" : "would delete"} branch ${p(b.branch)}`;
  if (b.action === "keep") return `, keeps branch ${p(b.branch)} (${p(b.reason)})`;
  return "";
}

/** Says so when Claude Code already asked to remove a worktree that is kept again. */
function claudeNote(c: PruneCandidate): string {
  return c.keptOnClaudeRemove ? ` (also kept when Claude Code asked to remove it, ${p(c.keptOnClaudeRemove.at)})` : "";
}

export function renderPrunePlan(plan: PrunePlan, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const lines: string[] = [];
  for (const r of plan.remove) {
    lines.push(`${c.yellow("remove")} ${p(r.name)} (${p(r.selectedBy.join(", "))})${branchText(r)}: ${p(r.path)}`);
    if (r.deletesIgnored?.length) lines.push(`       with its disposable ignored files: ${listed(r.deletesIgnored)}`);
  }
  for (const k of plan.keep) {
    lines.push(`${c.green("keep")}   ${p(k.name)}${claudeNote(k)}: ${k.keptBecause.map((r) => `${p(r.message)}${r.override ? ` [${r.override} overrides]` : ""}`).join("; ")}`);
  }
  if (lines.length === 0) lines.push("nothing to prune");
  return `${lines.map((l) => printable(l, { keepColors: true })).join("\n")}\n`;
}

export function renderPruneOutcome(plan: PrunePlan, outcome: PruneOutcome, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const lines: string[] = [];
  for (const r of outcome.removed) {
    const b = r.branchResult;
    const branch = b.action === "delete" && b.done ? `, deleted branch ${p(b.branch)}` : b.action === "keep" ? `, kept branch ${p(b.branch)} (${p(b.reason)})` : "";
    lines.push(`${c.green("removed")} ${p(r.name)} (${p(r.selectedBy.join(", "))})${branch}`);
    if (r.deletesIgnored?.length) lines.push(`        with its disposable ignored files: ${listed(r.deletesIgnored)}`);
  }
  for (const f of outcome.failed) lines.push(`${c.red("failed")}  ${p(f.name)}: ${p(f.error)}`);
  for (const k of plan.keep) lines.push(`${c.green("kept")}    ${p(k.name)}${claudeNote(k)}: ${k.keptBecause.map((r) => p(r.message)).join("; ")}`);
  lines.push(`reclaimed ${bytes(outcome.reclaimedBytes)}`);
  return `${lines.map((l) => printable(l, { keepColors: true })).join("\n")}\n`;
}

function entry(c: PruneCandidate) {
  return {
    kind: c.kind,
    name: c.name,
    path: c.path,
    branch: c.branch,
    selectedBy: c.selectedBy,
    lastActivity: c.lastActivity ? { at: c.lastActivity.at.toISOString(), source: c.lastActivity.source } : null,
    reasons: c.keptBecause,
    overridden: c.overridden,
    branchPlan: c.branchPlan,
    bytes: c.bytes,
    deletesIgnored: c.deletesIgnored ?? [],
    keptOnClaudeRemove: c.keptOnClaudeRemove,
  };
}

export function pruneJson(plan: PrunePlan, outcome: PruneOutcome | undefined, meta: { dryRun: boolean; applied: boolean; selectors: Record<string, unknown> }) {
  return {
    version: 1,
    dryRun: meta.dryRun,
    applied: meta.applied,
    selectors: meta.selectors,
    planned: plan.remove.map(entry),
    removed: (outcome?.removed ?? []).map((r) => ({ ...entry(r), branchResult: r.branchResult })),
    failed: (outcome?.failed ?? []).map((f) => ({ ...entry(f), error: f.error })),
    kept: plan.keep.map(entry),
    reclaimedBytes: outcome?.reclaimedBytes ?? 0,
  };
}
