// Human rendering of policy and doctor findings (stdout: it is the command's data).
import { Chalk, type ChalkInstance } from "chalk";
import type { PolicyReport } from "../../core/check-policy.ts";
import type { DoctorReport } from "../../core/doctor.ts";
import type { Deps } from "../../deps.ts";
import type { Finding } from "../../policy/findings.ts";
import { printable } from "./printable.ts";

export function renderFinding(f: Finding, c: ChalkInstance): string {
  const label = f.severity === "error" ? c.red("error  ") : c.yellow("warning");
  const where = printable([f.file, f.jsonPath].filter(Boolean).join(" "));
  const pos = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : "";
  return `  ${label} ${c.bold(f.id)}${where ? `  ${where}${pos}` : ""}\n          ${printable(f.message)}\n          ${c.dim("fix:")} ${printable(f.fix)}\n`;
}

export function renderPolicyReport(report: PolicyReport, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  const source = report.bgIsolation.source ? `from ${report.bgIsolation.source.file}` : "Claude Code's default";
  let text = `${c.bold(report.worktree)}\n  bgIsolation: "${report.bgIsolation.value}" (${source})\n`;
  if (report.findings.length === 0) text += `  ${c.green("ok")} no findings\n`;
  for (const f of report.findings) text += renderFinding(f, c);
  return text;
}

export function renderDoctor(report: DoctorReport, deps: Pick<Deps, "colorLevel">): string {
  const c = new Chalk({ level: deps.colorLevel });
  let text = `${c.bold("repository")} ${report.repository}\n  git ${report.git}; claude: ${report.claude ?? "not found"}\n`;
  if (report.findings.length === 0) text += `  ${c.green("ok")}\n`;
  for (const f of report.findings) text += renderFinding(f, c);
  for (const w of report.worktrees) {
    const source = w.bgIsolation.source ? `from ${w.bgIsolation.source.file}` : "Claude Code's default";
    text += `\n${c.bold(w.main ? `${w.name} (main)` : w.name)} ${w.worktree}\n  bgIsolation: "${w.bgIsolation.value}" (${source})\n`;
    if (w.findings.length === 0) text += `  ${c.green("ok")}\n`;
    for (const f of w.findings) text += renderFinding(f, c);
  }
  return text;
}
