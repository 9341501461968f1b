import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../../test/helpers/git-repo.ts";
import { countHiddenEntries } from "./parse-index.ts";

// Real index files, written by git itself in every version and both object formats.
async function indexWith(options: { version: 2 | 3 | 4; sha256?: boolean; flags: [string, string][] }) {
  const files: Record<string, string> = { "a.txt": "a\n", "dir/b.txt": "b\n", "dir/sub/c.txt": "c\n", [`${"long-".repeat(20)}name.txt`]: "d\n" };
  const repo = await makeRepo(files);
  if (options.sha256) {
    await repo.git(["init", "-q", "--object-format=sha256", "s"]);
  }
  const root = options.sha256 ? path.join(repo.root, "s") : repo.root;
  if (options.sha256) {
    for (const [f, c] of Object.entries(files)) repo.write(f, c, root);
    await repo.git(["add", "-A"], root);
  }
  for (const [flag, file] of options.flags) await repo.git(["update-index", flag, file], root);
  await repo.git(["update-index", "--index-version", String(options.version)], root);
  return readFileSync(path.join(root, ".git", "index"));
}

describe("countHiddenEntries", () => {
  it.each([2, 3, 4] as const)("index version %i with no flags: 0", async (version) => {
    expect(countHiddenEntries(await indexWith({ version, flags: [] }), 20)).toBe(0);
  });
  it.each([2, 3, 4] as const)("index version %i: assume-unchanged entries count", async (version) => {
    expect(countHiddenEntries(await indexWith({ version, flags: [["--assume-unchanged", "dir/b.txt"], ["--assume-unchanged", "a.txt"]] }), 20)).toBe(2);
  });
  it.each([3, 4] as const)("index version %i: skip-worktree entries count", async (version) => {
    expect(countHiddenEntries(await indexWith({ version, flags: [["--skip-worktree", "dir/sub/c.txt"]] }), 20)).toBe(1);
  });
  it("a sha256 repository's index", async () => {
    const index = await indexWith({ version: 3, sha256: true, flags: [["--skip-worktree", "a.txt"]] });
    expect(countHiddenEntries(index, 32)).toBe(1);
    expect(countHiddenEntries(index, 20)).toBeUndefined();
  });
  it("anything else is unknown", () => {
    expect(countHiddenEntries(new Uint8Array(0), 20)).toBeUndefined();
    expect(countHiddenEntries(new TextEncoder().encode("not an index at all"), 20)).toBeUndefined();
    const truncated = new Uint8Array([0x44, 0x49, 0x52, 0x43, 0, 0, 0, 2, 0, 0, 0, 5]);
    expect(countHiddenEntries(truncated, 20)).toBeUndefined();
  });
});
