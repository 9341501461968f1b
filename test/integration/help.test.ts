// Help that teaches: every command's --help has a purpose line, its options and real examples;
// `cwt` alone shows the day's workflow.
import { describe, expect, it } from "vitest";
import type { Command } from "commander";
import { createProgram } from "../../src/cli/program.ts";
import { tempDir, hermeticEnv } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const dir = tempDir();
const env = hermeticEnv(dir);

/** Every visible command as its argv path, e.g. ["claude", "install-hooks"]. */
function commandPaths(): string[][] {
  const program = createProgram({} as never);
  const walk = (c: Command, prefix: string[]): string[][] =>
    c.commands.filter((sub) => !(sub as unknown as { _hidden: boolean })._hidden && sub.name() !== "help").flatMap((sub) => {
      const argv = [...prefix, sub.name()];
      return sub.commands.length > 0 ? [argv, ...walk(sub, argv)] : [argv];
    });
  return walk(program, []);
}

describe("help", () => {
  it("finds the commands", () => {
    expect(commandPaths().map((p) => p.join(" "))).toEqual(expect.arrayContaining(["new", "list", "rm", "prune", "launch", "claude install-hooks", "config schema", "shell-init", "completion"]));
  });

  it.each(commandPaths().map((p) => [p.join(" "), p] as const))("cwt %s --help: purpose, usage and at least two examples", async (_name, argv) => {
    const r = await runCli([...argv, "--help"], { cwd: dir, env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cwt /);
    expect(r.stdout.split("\n")[2]?.trim().length).toBeGreaterThan(10); // the one-line purpose
    const examples = r.stdout.split("\nExamples:\n")[1] ?? "";
    const lines = examples.split("\n").filter((l) => /^ {2}\S/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^ {2}(cwt |cd |code |eval |echo |CWT_GUARD=off )/);
  });

  it("cwt with no arguments shows the day's workflow on stdout and exits 0", async () => {
    const r = await runCli([], { cwd: dir, env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("A day with cwt:");
    expect(r.stdout).toContain("cwt new PROJ-123");
    expect(r.stderr).toBe("");
  });
});
