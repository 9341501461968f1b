// Long work reports progress through Deps.progress (a terminal line on stderr; nothing when piped).
import { describe, expect, it } from "vitest";
import { makeRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

type Call = [string, number, number];

describe("progress of long work", () => {
  it("cwt new reports copying .worktreeinclude files, ending at the total", async () => {
    const files: Record<string, string> = { "README.md": "r\n", ".gitignore": "cache/\n", ".worktreeinclude": "cache/\n" };
    const repo = await makeRepo(files);
    for (let i = 0; i < 100; i++) repo.write(`cache/f${i}.txt`, `${i}\n`);
    const calls: Call[] = [];
    const r = await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env, deps: { progress: (...c: Call) => void calls.push(c) } });
    expect(r.exitCode).toBe(0);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every(([label]) => label === "copying files named by .worktreeinclude")).toBe(true);
    expect(calls.map(([, done]) => done)).toEqual([...calls.map(([, done]) => done)].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual(["copying files named by .worktreeinclude", 100, 100]);
  });

  it("cwt prune reports removals, ending at the total", async () => {
    const repo = await makeRepo();
    for (const t of ["A", "B", "C", "D", "E"]) expect((await runCli(["new", t], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
    const calls: Call[] = [];
    const r = await runCli(["prune", "--stale", "0m", "--yes"], { cwd: repo.root, env: repo.env, now: new Date(Date.now() + 3600_000), deps: { progress: (...c: Call) => void calls.push(c) } });
    expect(r.exitCode).toBe(0);
    expect(calls.at(-1)).toEqual(["removing worktrees", 5, 5]);
    expect(calls[0]?.[1]).toBe(4);
  });
});
