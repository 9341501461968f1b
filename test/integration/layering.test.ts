// Enforces the layering rule of AGENTS.md by reading every import in src/.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']/gm)].map((m) => m[1] ?? "");
}

const files = sources(SRC).map((f) => ({ rel: path.relative(SRC, f), imports: importsOf(f) }));

describe("layering", () => {
  it("finds the source files", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.filter((f) => !f.rel.startsWith("cli")).map((f) => [f.rel, f.imports] as const))(
    "%s imports neither commander nor chalk, nor anything under cli/",
    (_rel, imports) => {
      expect(imports.filter((i) => i === "commander" || i === "chalk" || i.includes("/cli/") || i.startsWith("../cli"))).toEqual([]);
    },
  );

  it.each(files.filter((f) => /^(policy\/|git\/parse-|git\/version|config\/schema)/.test(f.rel)).map((f) => [f.rel, f.imports] as const))(
    "%s is pure: no fs, no processes, no core",
    (_rel, imports) => {
      expect(imports.filter((i) => /^node:(fs|child_process|process)/.test(i) || i === "execa" || i === "simple-git" || i.includes("/core/"))).toEqual([]);
    },
  );

  it("only the entry points (src/cli.ts, src/cli-guard.ts, src/cli-path.ts) and src/deps.ts read process.* state", () => {
    const offenders = sources(SRC)
      .filter((f) => /process\.(env|cwd|exit|stdout|stderr|argv)/.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(SRC, f));
    expect(offenders.sort()).toEqual(["cli-guard.ts", "cli-path.ts", "cli.ts", "deps.ts"]);
  });
});
