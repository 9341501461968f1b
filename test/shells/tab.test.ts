// What TAB really does in an interactive bash (readline) and zsh (compinit, the real compadd),
// each inside its own tmux server, the screen read back. fish needs none: `complete -C` is its TAB.
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { withCwt } from "./shells.ts";

const START: Record<"bash" | "zsh", { argv: string[]; setup: string }> = {
  bash: { argv: ["bash", "--norc", "--noprofile", "-i"], setup: `PS1='$ '; source <(cwt completion bash)` },
  zsh: { argv: ["zsh", "-f", "-i"], setup: `PS1='%% '; autoload -U compinit && compinit -u -D; source <(cwt completion zsh)` },
};

async function until(read: () => Promise<string>, test: (screen: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let screen = "";
  while (Date.now() < deadline) {
    screen = await read();
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
}

describe.concurrent.each(["bash", "zsh"] as const)("TAB in an interactive %s", (shell) => {
  let repo: TestRepo;
  let socket: string; // in a temporary folder: removed with it
  const tmux = (...args: string[]) =>
    execa("tmux", ["-S", socket, "-f", "/dev/null", ...args], { env: withCwt(repo.env), extendEnv: false, reject: false, stdin: "ignore" });
  const screen = async () => (await tmux("capture-pane", "-p", "-t", "t")).stdout;
  /** Clears the line, types `text` and TAB, and returns the line once `expected` shows. */
  const tab = async (text: string, expected: RegExp, tabs = 1) => {
    await tmux("send-keys", "-t", "t", "C-u", text, ...Array<string>(tabs).fill("Tab"));
    return until(screen, (s) => expected.test(s), `${JSON.stringify(text)} + TAB to match ${expected}`);
  };

  beforeAll(async () => {
    repo = await makeRepo();
    socket = path.join(tempDir("cwt-tmux-"), "socket");
    for (const t of ["T-1", "PROJ-2"]) expect((await runCli(["new", t], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    const started = await tmux("new-session", "-d", "-s", "t", "-x", "160", "-y", "40", "-c", repo.root, ...START[shell].argv);
    expect(started.exitCode, started.stderr).toBe(0);
    await tmux("send-keys", "-t", "t", `${START[shell].setup}; echo lo''aded`, "Enter");
    await until(screen, (s) => /^loaded$/m.test(s), "the completion script to load");
  });
  afterAll(async () => {
    await tmux("kill-server");
  });

  // One test per shell: the steps share its terminal (the two shells run side by side).
  it("completes a command, a flag, a ticket (whatever the case typed) on the line; lists several", async () => {
    expect(await tab("cwt pa", /cwt path\s*$/m)).toMatch(/cwt path\s*$/m);
    expect(await tab("cwt cd PR", /cwt cd PROJ-2\s*$/m)).toMatch(/cwt cd PROJ-2\s*$/m);
    expect(await tab("cwt rm --keep-b", /cwt rm --keep-branch\s*$/m)).toMatch(/--keep-branch/);
    expect(await tab("cwt cd proj", /cwt cd PROJ-2\s*$/m)).toMatch(/cwt cd PROJ-2\s*$/m);
    // bash's readline splits the word at "=" (COMP_WORDBREAKS); zsh keeps it whole.
    expect(await tab("cwt policy check --worktree=PR", /--worktree=PROJ-2\s*$/m)).toMatch(/cwt policy check --worktree=PROJ-2\s*$/m);
    expect(await tab("cwt policy check --worktree=", /^(--worktree=)?PROJ-2\s/m, shell === "bash" ? 2 : 1)).toMatch(/(^|\s)(--worktree=)?T-1(\s|$)/m);
    // Several tickets: bash lists them on the second TAB; zsh on the first, each with its branch.
    const listed = shell === "zsh" ? /^PROJ-2 +-- worktree-PROJ-2\n.*^T-1 +-- worktree-T-1$/ms : /PROJ-2 +T-1/;
    expect(await tab("cwt cd ", listed, shell === "bash" ? 2 : 1)).toMatch(listed);
  });
});
