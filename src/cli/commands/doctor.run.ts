import { z } from "zod";
import { fixRepository, runDoctor } from "../../core/doctor.ts";
import { withRepoLock } from "../../core/repo-lock.ts";
import type { Deps } from "../../deps.ts";
import { RefusedError } from "../../errors.ts";
import { openContext, parseOptions, writeJson } from "../context.ts";
import { renderDoctor } from "../render/findings.ts";
import { printable } from "../render/printable.ts";

const schema = z.object({ json: z.boolean().default(false), fix: z.boolean().default(false) });

export async function run(opts: Record<string, unknown>, deps: Deps): Promise<void> {
  const input = parseOptions(schema, opts);
  const { repo, loaded } = await openContext(deps);
  const fixes = input.fix ? await withRepoLock(repo, deps, "cwt doctor --fix", () => fixRepository(repo, deps)) : [];
  for (const f of fixes) deps.stderr.write(`cwt: ${printable(`${f.path}: ${f.message}`)}\n`);
  const report = await runDoctor(repo, loaded, deps);
  if (input.json) writeJson(deps, { version: 1, ...report, ...(input.fix ? { fixed: fixes } : {}) });
  else deps.stdout.write(renderDoctor(report, deps));
  const all = [...report.findings, ...report.worktrees.flatMap((w) => w.findings)];
  const errors = all.filter((f) => f.severity === "error").length;
  if (errors > 0) throw new RefusedError("DOCTOR_ERRORS", `doctor found ${errors} error${errors === 1 ? "" : "s"}`);
}
