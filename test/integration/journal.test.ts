// The intent journal under concurrent updates: a prune updates its items from removals running
// side by side, and every update must land (doctor --fix trusts removeStarted).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Journal, JOURNAL_DIR, type RemoveItem } from "../../src/core/journal.ts";
import { createPlatform } from "../../src/platform/node-platform.ts";
import { tempDir } from "../helpers/git-repo.ts";

describe("Journal", () => {
  it("keeps every update when many run at once, and adds a whole plan in one go", async () => {
    const common = tempDir();
    const journal = await Journal.begin(common, "cwt prune", { platform: createPlatform(), now: () => new Date() });
    const items = await journal.addAll(
      Array.from({ length: 40 }, (_, i): RemoveItem => ({ op: "remove", path: `/w/${i}`, deleteBranch: null, removeStarted: false, head: null, adminDir: null })),
    );
    expect(items).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await Promise.all(items.map((i) => journal.update<RemoveItem>(i, { removeStarted: true })));
    const dir = path.join(common, JOURNAL_DIR);
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const data = JSON.parse(readFileSync(path.join(dir, files[0] ?? ""), "utf8"));
    expect(data.items.map((i: RemoveItem) => i.removeStarted)).toEqual(Array(40).fill(true));
    await journal.end();
    expect(readdirSync(dir)).toEqual([]);
  });
});
