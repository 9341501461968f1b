// The `cwt` function of `cwt shell-init` in real bash, zsh and fish, around the built cwt.
import { renameSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { LOAD_INIT, runShell, savedScript, SHELL_NAMES, STATUS, withCwt } from "./shells.ts";

/** A repository whose folder name needs quoting everywhere, with worktree T-1. */
async function awkwardRepo(): Promise<{ repo: TestRepo; root: string; env: Record<string, string>; t1: string }> {
  const repo = await makeRepo();
  const root = path.join(path.dirname(repo.root), `my repo $HOME 'q' "dq" * [x]`);
  renameSync(repo.root, root);
  const env = withCwt(repo.env);
  const made = await runCli(["new", "T-1"], { cwd: root, env });
  expect(made.exitCode).toBe(0);
  return { repo, root, env, t1: made.stdout.trim() };
}

describe.concurrent.each(SHELL_NAMES)("cwt shell-init %s", (shell) => {
  let ctx: Awaited<ReturnType<typeof awkwardRepo>>;
  let init: string; // sources the saved `cwt shell-init` output: one cwt process fewer than LOAD_INIT
  const st = STATUS[shell];
  beforeAll(async () => {
    ctx = await awkwardRepo();
    init = `source '${await savedScript("shell-init", shell)}'`;
  });
  const sh = (script: string) => runShell(shell, script, { cwd: ctx.root, env: ctx.env });

  it("cwt cd changes the shell's folder into the worktree, through spaces, $, quotes and globs; loaded twice", async () => {
    expect(ctx.t1).toBe(path.join(ctx.root, ".claude/worktrees/T-1"));
    // The second load runs `cwt shell-init` through the function the first one defined.
    const r = await sh(`${LOAD_INIT[shell]}\n${LOAD_INIT[shell]}\ncwt cd T-1\necho "rc=${st}"\npwd`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`rc=0\n${ctx.t1}`);
  });

  it("cwt new --cd makes the worktree and lands the shell in it, without the hint", async () => {
    const ticket = `NEW-${shell}`;
    const r = await sh(`${init}\ncwt new ${ticket} --cd\necho "rc=${st}"\npwd`);
    expect(r.stdout).toBe(`rc=0\n${path.join(ctx.root, ".claude/worktrees", ticket)}`);
    expect(r.stderr).toContain(`created worktree ${ticket}`);
    expect(r.stderr).not.toContain("hint");
  });

  it("passes exit codes through and stays put when cwt fails (rm and cd of an unknown ticket: 4)", async () => {
    const r = await sh(`${init}\ncwt rm NOPE\necho "rm=${st}"\ncwt cd NOPE\necho "cd=${st}"\npwd`);
    expect(r.stdout).toBe(`rm=4\ncd=4\n${ctx.root}`);
    expect(r.stderr).toMatch(/no worktree for ticket "NOPE"/);
  });

  it("leaves stdout alone: cwt list --json through the function is the program's JSON, pipeable", async () => {
    const r = await sh(`${init}\ncwt list --json | cat`);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { worktrees: { path: string; name: string }[] };
    expect(doc.worktrees.map((w) => w.path)).toContain(ctx.t1);
  });

  it("without the function, cwt cd prints the path and the hint, and the folder stays", async () => {
    const r = await runShell(shell, `cwt cd T-1\npwd`, { cwd: ctx.root, env: { ...ctx.env, SHELL: `/bin/${shell}` } });
    expect(r.stdout).toBe(`${ctx.t1}\n${ctx.root}`);
    expect(r.stderr).toContain(`cwt shell-init ${shell}`);
  });

  it("with no cwt on PATH, the function fails like a missing command (127) and the shell goes on", async () => {
    const r = await runShell(shell, `${init}\ncwt cd T-1\necho "rc=${st}"\npwd`, { cwd: ctx.root, env: ctx.repo.env });
    expect(r.stdout).toBe(`rc=127\n${ctx.root}`);
  });
});
