// `cwt new` for any ticket and any templates, on a real repository (fast-check): it either refuses
// with a clear message and changes nothing, or creates a worktree whose folder lies inside the
// worktree root, on a branch that is a valid ref under refs/heads/. Nothing ever reaches a shell.
// CWT_FUZZ_INTEGRATION_RUNS (npm run fuzz) runs more cases than the suite's.
import { existsSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";

const RUNS = Number(process.env.CWT_FUZZ_INTEGRATION_RUNS ?? 100);

const ticket = fc.oneof(
  fc.stringMatching(/^[A-Z]{2,4}-[0-9]{1,4}$/),
  fc.stringMatching(/^[A-Za-z0-9._\-/]{1,30}$/),
  fc.constantFrom("..", "../x", "-rf", ".git", "x.lock", "a..b", "$(touch${IFS}pwned)", "`touch pwned`", "a;touch pwned", "a b", "\u202eexe", "é", "a/b/c"),
  fc.string({ maxLength: 20 }),
);

const config = fc.record({
  worktreeRoot: fc.constantFrom(".claude/worktrees", "../wt", "wt dir", "nested/deeper"),
  folderTemplate: fc.constantFrom("{ticket}", "{repo}-{ticket}", "w.{ticket}", "{ticket}/x", "..{ticket}"),
  branchTemplate: fc.constantFrom("worktree-{ticket}", "feat/{ticket}", "$(touch${IFS}pwned)-{ticket}", "{ticket}.lock", "x..{ticket}", "@{ticket}"),
});

let repo: TestRepo;
let base: string;

beforeAll(async () => {
  repo = await makeRepo({ "README.md": "r\n", "src/app.ts": "export {};\n" });
  repo.write("notes.txt", "the user's untracked notes\n");
  base = realpathSync(path.dirname(repo.root));
});

/** Every file name under the test's folder: a shell that ran `touch pwned` would leave one. */
function pwned(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[]).filter((f) => path.basename(f) === "pwned");
}

describe("cwt new, for any ticket and templates (fast-check, real git)", () => {
  it(`refuses cleanly or creates inside the root on a valid branch (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(ticket, config, async (t, cfg) => {
        writeFileSync(path.join(repo.root, "cwt.config.json"), JSON.stringify(cfg));
        const before = await repoState(repo);
        const r = await runCli(["new", t, "--no-hooks"], { cwd: repo.root, env: repo.env });
        expect(pwned(base)).toEqual([]);
        if (r.exitCode !== 0) {
          expect([2, 3, 4]).toContain(r.exitCode);
          expect(r.stdout).toBe("");
          expect(r.stderr).toMatch(/^cwt: [^\n]+\n(hint: [^\n]+\n)?$/);
          expect(await repoState(repo)).toEqual(before);
          return;
        }
        const wt = r.stdout.trim();
        const root = realpathSync(path.resolve(repo.root, cfg.worktreeRoot));
        expect(path.dirname(realpathSync(wt))).toBe(root);
        const branch = await repo.git(["rev-parse", "--abbrev-ref", "HEAD"], wt);
        expect((await repo.gitResult(["check-ref-format", "--branch", branch])).exitCode).toBe(0);
        expect((await repo.gitResult(["show-ref", "--verify", "--quiet", `refs/heads/${branch}`])).exitCode).toBe(0);
        // Back to the state before, for the next case.
        const rm = await runCli(["rm", t, "--force"], { cwd: repo.root, env: repo.env });
        expect(rm.exitCode).toBe(0);
        if ((await repo.gitResult(["show-ref", "--verify", "--quiet", `refs/heads/${branch}`])).exitCode === 0) await repo.git(["branch", "-D", branch]);
        expect(existsSync(wt)).toBe(false);
        expect((await repoState(repo)).branches).toBe(before.branches);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
