// Human rendering of policy and doctor findings (stdout: it is the command's data).
import { Chalk, type ChalkInstance } from "chalk";
import type { PolicyReport } from "../../core/check-policy.ts";
import type { DoctorReport } from "../../core/doctor.ts";
import type { Deps } from "../../deps.ts";
import type { Finding } from "../../policy/findings.ts";
import { printable } from "./printable.ts";

/** A finding; doctor's may also be "info" (shown without a fix). */
type AnyFinding = Omit<Finding, "severity"> & { readonly severity: Finding["severity"] | "info" };

export function renderFinding(f: AnyFinding, c: ChalkInstance): string {
  const label = f.severity === "error" ? c.red("error  ") : f.severity === "warning" ? c.yellow("warning") : c.cyan("info   ");
  const where = printable([f.file, f.jsonPath].filter(Boolean).join(" "));
  const pos = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : "";
  const fix = f.severity === "info" ? "" : `          ${c.dim("fix:")} ${printable(f.fix)}\n`;
  return `  ${label} ${c.bold(printable(f.id))}${where ? `  ${where}${pos}` : ""}\n          ${printable(f.message)}\n${fix}`;
}

export function renderPolicyReport(report: PolicyReport, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const source = report.bgIsolation.source ? `from ${printable(report.bgIsolation.source.file)}` : "Claude Code's default";
  let text = `${c.bold(printable(report.worktree))}\n  bgIsolation: "${printable(String(report.bgIsolation.value))}" (${source})\n`;
  if (report.findings.length === 0) text += `  ${c.green("ok")} no findings\n`;
  for (const f of report.findings) text += renderFinding(f, c);
  return text;
}

/** Doctor's lines about cwt's hooks in Claude Code's settings: where, which command, whether it resolves. */
function renderHooks(scopes: DoctorReport["claudeHooks"]["scopes"], c: ChalkInstance): string {
  const installed = scopes.filter((s) => s.hooks.length > 0);
  if (installed.length === 0) return `  claude hooks: not installed ${c.dim("(cwt claude install-hooks)")}\n`;
  let text = "";
  for (const s of installed) {
    text += `  claude hooks (${s.scope}): ${printable(s.file)}\n`;
    for (const h of s.hooks) {
      const state = h.resolves === null ? c.dim("not checked (needs a shell)") : h.resolves ? c.dim(`-> ${printable(h.resolvedTo ?? "")}`) : c.red("not found");
      text += `    ${h.event.padEnd(15)} ${printable(h.command)}  ${state}\n`;
    }
  }
  return text;
}

export function renderDoctor(report: DoctorReport, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  let text = `${c.bold("repository")} ${printable(report.repository)}\n  git ${printable(report.git)}; claude: ${printable(report.claude ?? "not found")}\n`;
  text += renderHooks(report.claudeHooks.scopes, c);
  if (report.findings.every((f) => f.severity === "info")) text += `  ${c.green("ok")}\n`;
  for (const f of report.findings) text += renderFinding(f, c);
  for (const w of report.worktrees) {
    const source = w.bgIsolation.source ? `from ${printable(w.bgIsolation.source.file)}` : "Claude Code's default";
    const name = printable(w.main ? `${w.name} (main)` : w.name);
    text += `\n${c.bold(name)} ${printable(w.worktree)}\n  bgIsolation: "${printable(String(w.bgIsolation.value))}" (${source})\n`;
    if (w.findings.length === 0) text += `  ${c.green("ok")}\n`;
    for (const f of w.findings) text += renderFinding(f, c);
  }
  return text;
}
