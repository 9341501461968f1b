// `cwt completion` scripts in real bash, zsh and fish: each shell's own machinery lists the candidates.
import { beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { completions, SHELL_NAMES, withCwt } from "./shells.ts";

describe.concurrent.each(SHELL_NAMES)("cwt completion %s", (shell) => {
  let repo: TestRepo;
  let env: Record<string, string>;
  beforeAll(async () => {
    repo = await makeRepo();
    env = withCwt(repo.env);
    for (const t of ["T-1", "PROJ-2"]) expect((await runCli(["new", t], { cwd: repo.root, env })).exitCode).toBe(0);
    await repo.git(["worktree", "add", "-q", "-b", "plain", `${repo.root}/../plain-wt`]);
  });
  const tab = (line: string) => completions(shell, line, { cwd: repo.root, env });

  it("completes command names (script loaded as the README says)", async () => {
    expect(await completions(shell, "cwt pa", { cwd: repo.root, env, load: "user" })).toEqual(["path"]);
    const all = await tab("cwt ");
    expect(all).toEqual(expect.arrayContaining(["new", "list", "path", "rm", "cd", "launch", "policy", "shell-init", "completion"]));
    expect(all).not.toContain("__complete");
  });

  it("completes a command's flags, a subcommand's too", async () => {
    expect(await tab("cwt rm --k")).toEqual(["--keep-branch"]);
    expect(await tab("cwt policy check --w")).toEqual(["--worktree"]);
  });

  // Which commands take a ticket is the program's business (test/integration/completion.test.ts);
  // here: the names travel from cwt __complete through each shell, the typed prefix with them.
  it("completes the ticket names of the repository's worktrees", async () => {
    expect((await tab("cwt cd ")).sort()).toEqual(["PROJ-2", "T-1", "plain-wt"]);
    expect(await tab("cwt policy check --worktree T")).toEqual(["T-1"]);
  });

});

// bash and zsh complete `--worktree=P` in interactive shells (tab.test.ts): readline splits the
// word at "=" there. fish takes the whole word, so it is checked here.
describe("cwt completion fish, an option glued to its value", () => {
  it("completes a ticket glued to its option with =", async () => {
    const repo = await makeRepo();
    const env = withCwt(repo.env);
    expect((await runCli(["new", "PROJ-2"], { cwd: repo.root, env })).exitCode).toBe(0);
    expect(await completions("fish", "cwt policy check --worktree=P", { cwd: repo.root, env })).toEqual(["--worktree=PROJ-2"]);
  });
});
