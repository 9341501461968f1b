import { describe, expect, it } from "vitest";
import type { Finding } from "./findings.ts";
import { parseSettingsText } from "./settings-json.ts";

const FILE = "/repo/.claude/settings.json";
const BOM = "\uFEFF";

const ids = (findings: readonly Finding[]): string[] => findings.map((f) => f.id);
const parse = (text: string) => parseSettingsText(text, FILE);

/** The one settings-invalid-json finding of a text Claude Code rejects. */
function invalid(text: string): Finding {
  const result = parse(text);
  expect(result.data).toBeUndefined();
  expect(ids(result.findings)).toEqual(["settings-invalid-json"]);
  const finding = result.findings[0]!;
  expect(finding.severity).toBe("error");
  return finding;
}

describe("parseSettingsText: valid objects", () => {
  it.each<[string, string, Record<string, unknown>]>([
    ["an empty object", "{}", {}],
    ["an empty object with whitespace", " \n\t{ }\n\n", {}],
    ["a nested object", '{"worktree": {"bgIsolation": "none", "symlinkDirectories": ["node_modules"]}}', { worktree: { bgIsolation: "none", symlinkDirectories: ["node_modules"] } }],
    ["CRLF line endings", '{\r\n  "a": 1,\r\n  "b": [true, null]\r\n}\r\n', { a: 1, b: [true, null] }],
    ["a string that looks like a comment", '{"url": "https://example.com/*x*/", "c": "// no"}', { url: "https://example.com/*x*/", c: "// no" }],
    ["unicode escapes and non-ASCII", '{"name": "\\u00e9t\\u00e9", "emoji": "😀"}', { name: "été", emoji: "😀" }],
    ["the same key in two different objects", '{"a": {"x": 1}, "b": {"x": 2}}', { a: { x: 1 }, b: { x: 2 } }],
    ["the same key in objects inside an array", '{"list": [{"a": 1}, {"a": 2}]}', { list: [{ a: 1 }, { a: 2 }] }],
    ["a key equal to its parent's key", '{"a": {"a": {"a": 1}}}', { a: { a: { a: 1 } } }],
  ])("%s → data, no findings", (_name, text, data) => {
    const result = parse(text);
    expect(result.findings).toEqual([]);
    expect(result.data).toEqual(data);
  });

  it("a UTF-8 BOM → warning settings-bom, and the file is still parsed", () => {
    const result = parse(`${BOM}{"worktree": {"bgIsolation": "worktree"}}`);
    expect(result.data).toEqual({ worktree: { bgIsolation: "worktree" } });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ id: "settings-bom", severity: "warning", file: FILE });
  });

  it("a BOM before invalid JSON → both the BOM warning and the syntax error", () => {
    const result = parse(`${BOM}{"a": 1 // c\n}`);
    expect(result.data).toBeUndefined();
    expect(ids(result.findings)).toEqual(["settings-bom", "settings-invalid-json"]);
    // The position is the one an editor shows: the BOM is not a column.
    expect(result.findings[1]).toMatchObject({ line: 1, column: 9 });
  });

  it("a BOM in the middle of the file is not a BOM warning", () => {
    const result = parse(`{"a": "x${BOM}y"}`);
    expect(ids(result.findings)).not.toContain("settings-bom");
    expect(result.data).toEqual({ a: `x${BOM}y` });
  });
});

describe("parseSettingsText: comments are rejected with their position", () => {
  it.each<[string, number, number, string]>([
    ["a // comment after a value", 1, 9, '{"a": 1 // c\n}'],
    ["a // comment on its own line", 2, 3, '{\n  // why\n  "a": 1\n}'],
    ["a /* */ comment before a key", 2, 3, '{\n  /* x */ "a": 1}'],
    ["a /* */ comment at the very start", 1, 1, '/* header */\n{"a": 1}'],
    ["a // comment at the end of the file", 3, 1, '{"a": 1}\n\n// trailer'],
    ["a multi-line /* */ comment", 2, 5, '{"a": 1,\n    /*\n     * note\n     */\n  "b": 2}'],
    ["a // comment with CRLF line endings", 3, 3, '{\r\n  "a": 1,\r\n  // c\r\n  "b": 2\r\n}'],
    ["a comment after a tab", 2, 2, '{\n\t// c\n"a": 1}'],
  ])("%s → settings-invalid-json at line %i, column %i", (_name, line, column, text) => {
    const finding = invalid(text);
    expect(finding).toMatchObject({ file: FILE, line, column });
    expect(finding.message).toContain(`line ${line}, column ${column}`);
    expect(finding.message).toContain("comment");
  });
});

describe("parseSettingsText: other syntax errors", () => {
  it.each<[string, number, number, string]>([
    ["a trailing comma in an object", 1, 9, '{"a": 1,}'],
    ["a trailing comma in a nested object", 4, 3, '{\n  "worktree": {\n    "bgIsolation": "none",\n  }\n}'],
    ["a trailing comma in an array", 1, 13, '{"a": [1, 2,]}'],
    ["a trailing comma in a nested array", 3, 3, '{\n  "worktree": {"symlinkDirectories": ["node_modules",\n  ]}\n}'],
    ["truncated after a colon", 1, 6, '{"a":'],
    ["truncated inside a nested object", 1, 36, '{"worktree": {"bgIsolation": "none"'],
    ["truncated inside a string", 1, 7, '{"a": "non'],
    ["a missing colon", 1, 6, '{"a" 1}'],
    ["single quotes", 1, 2, "{'a': 1}"],
    ["an unquoted key", 1, 2, "{a: 1}"],
    ["two top-level values", 2, 1, '{"a": 1}\n{"b": 2}'],
  ])("%s → settings-invalid-json at line %i, column %i", (_name, line, column, text) => {
    expect(invalid(text)).toMatchObject({ file: FILE, line, column });
  });

  it.each<[string, string]>([
    ["an empty file", ""],
    ["a file of whitespace only", "  \n\t\n"],
    ["a file of a BOM only", BOM],
    ["a lone opening brace", "{"],
  ])("%s → settings-invalid-json, data undefined", (_name, text) => {
    const result = parse(text);
    expect(result.data).toBeUndefined();
    expect(ids(result.findings).filter((id) => id !== "settings-bom")).toEqual(["settings-invalid-json"]);
    expect(result.findings.every((f) => f.file === FILE)).toBe(true);
  });

  it("several syntax errors → one finding whose message says (and N more)", () => {
    const finding = invalid('{\n  // one\n  "a": 1,\n  /* two */\n  "b": [1,],\n}');
    expect(finding).toMatchObject({ line: 2, column: 3 });
    expect(finding.message).toMatch(/\(and \d+ more\)/);
  });

  it("a single syntax error → no (and N more)", () => {
    expect(invalid('{"a": 1 // c\n}').message).not.toContain("more)");
  });
});

describe("parseSettingsText: the top level must be an object", () => {
  it.each<[string, string]>([
    ["an array", '[{"worktree": {}}]'],
    ["an empty array", "[]"],
    ["a number", "42"],
    ["a string", '"worktree"'],
    ["null", "null"],
    ["true", "true"],
  ])("%s → settings-not-object, data undefined", (_name, text) => {
    const result = parse(text);
    expect(result.data).toBeUndefined();
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ id: "settings-not-object", severity: "error", file: FILE });
  });
});

describe("parseSettingsText: duplicate keys", () => {
  it.each<[string, string, { jsonPath: string; line: number; column: number }[], Record<string, unknown>]>([
    ["a top-level key twice", '{\n  "a": 1,\n  "a": 2\n}', [{ jsonPath: "a", line: 3, column: 3 }], { a: 2 }],
    ["a top-level key twice on one line", '{"model": "x", "model": "y"}', [{ jsonPath: "model", line: 1, column: 16 }], { model: "y" }],
    [
      "worktree.bgIsolation twice",
      '{\n  "worktree": {\n    "bgIsolation": "worktree",\n    "bgIsolation": "none"\n  }\n}',
      [{ jsonPath: "worktree.bgIsolation", line: 4, column: 5 }],
      { worktree: { bgIsolation: "none" } },
    ],
    [
      "worktree.bgIsolation twice, last one worktree",
      '{"worktree": {"bgIsolation": "none",\n"bgIsolation": "worktree"}}',
      [{ jsonPath: "worktree.bgIsolation", line: 2, column: 1 }],
      { worktree: { bgIsolation: "worktree" } },
    ],
    [
      "a key three times",
      '{"a": 1,\n "a": 2,\n "a": 3}',
      [
        { jsonPath: "a", line: 2, column: 2 },
        { jsonPath: "a", line: 3, column: 2 },
      ],
      { a: 3 },
    ],
    [
      "the whole worktree object twice (last one wins entirely)",
      '{"worktree": {"bgIsolation": "none"},\n "worktree": {"baseRef": "head"}}',
      [{ jsonPath: "worktree", line: 2, column: 2 }],
      { worktree: { baseRef: "head" } },
    ],
    [
      "a duplicate deep in sandbox",
      '{"sandbox": {"filesystem": {"allowWrite": ["/a"], "allowWrite": ["/b"]}}}',
      [{ jsonPath: "sandbox.filesystem.allowWrite", line: 1, column: 51 }],
      { sandbox: { filesystem: { allowWrite: ["/b"] } } },
    ],
    ["with CRLF line endings", '{\r\n  "a": 1,\r\n  "a": 2\r\n}', [{ jsonPath: "a", line: 3, column: 3 }], { a: 2 }],
  ])("%s → settings-duplicate-key with path and position, data keeps the last value", (_name, text, expected, data) => {
    const result = parse(text);
    expect(result.data).toEqual(data);
    expect(result.data).toEqual(JSON.parse(text));
    expect(result.findings).toHaveLength(expected.length);
    result.findings.forEach((finding, i) => {
      expect(finding).toMatchObject({ id: "settings-duplicate-key", severity: "warning", file: FILE, ...expected[i] });
    });
  });

  it.each<[string, string]>([
    ["the same key in two objects inside a top-level array (no duplicates; not an object though)", '[{"a": 1}, {"a": 2}]'],
    ["the same key in sibling objects", '{"x": {"a": 1}, "y": {"a": 2}}'],
    ["the same key in two objects inside an array", '{"list": [{"a": 1}, {"a": 2}]}'],
    ["the same key at two levels", '{"a": {"a": 1}}'],
    ["the same key after an object closed", '{"o": {"k": 1}, "k": 2}'],
    ["keys that differ only in case", '{"A": 1, "a": 2}'],
  ])("%s → no settings-duplicate-key", (_name, text) => {
    expect(ids(parse(text).findings)).not.toContain("settings-duplicate-key");
  });

  it("a duplicate key in a file with a syntax error → only the syntax error", () => {
    const result = parse('{"a": 1, "a": 2,}');
    expect(result.data).toBeUndefined();
    expect(ids(result.findings)).toEqual(["settings-invalid-json"]);
  });

  it("a BOM and a duplicate key → both warnings, data parsed", () => {
    const result = parse(`${BOM}{"a": 1, "a": 2}`);
    expect(ids(result.findings)).toEqual(["settings-bom", "settings-duplicate-key"]);
    expect(result.findings[1]).toMatchObject({ line: 1, column: 10 });
    expect(result.data).toEqual({ a: 2 });
  });
});

describe("parseSettingsText: size and depth", () => {
  const DEPTH = 100_000;

  it.each<[string, string, "array" | "object"]>([
    ["100000 nested arrays", `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`, "array"],
    ["100000 nested objects", `${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}`, "object"],
    ["100000 nested arrays inside an object", `{"a": ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}}`, "object"],
    ["100000 unclosed arrays", "[".repeat(DEPTH), "array"],
    ["100000 unclosed objects", '{"a":'.repeat(DEPTH), "object"],
  ])("%s → no crash, no hang: settings-too-deep or a valid parse", (_name, text, top) => {
    const started = performance.now();
    const result = parse(text);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(Array.isArray(result.findings)).toBe(true);
    for (const f of result.findings) expect(f.file).toBe(FILE);
    const found = ids(result.findings);
    if (found.includes("settings-too-deep")) {
      expect(result.data).toBeUndefined();
      expect(result.findings.find((f) => f.id === "settings-too-deep")?.severity).toBe("error");
    } else if (result.data === undefined) {
      // A read that got to the end: a top-level array is not an object; unclosed text is invalid.
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((id) => ["settings-not-object", "settings-invalid-json"].includes(id))).toBe(true);
      if (top === "array" && !text.endsWith("[")) expect(found).toEqual(["settings-not-object"]);
    } else {
      expect(top).toBe("object");
      expect(found).toEqual([]);
    }
  });

  it("a huge flat object (50000 keys) parses", () => {
    const object: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) object[`key${i}`] = i % 2 === 0 ? `value ${i}` : { n: i };
    const started = performance.now();
    const result = parse(JSON.stringify(object, null, 2));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.findings).toEqual([]);
    expect(result.data).toEqual(object);
  });

  it("a huge flat object with one duplicate at the end → exactly one duplicate finding", () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `"k${i}": ${i}`);
    const text = `{\n${keys.join(",\n")},\n"k0": "last"\n}`;
    const result = parse(text);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ id: "settings-duplicate-key", jsonPath: "k0", line: 50_002, column: 1 });
    expect(result.data?.["k0"]).toBe("last");
  });
});

describe("parseSettingsText: every finding names the file and is complete", () => {
  const texts = [
    `${BOM}{}`,
    '{"a": 1 // c\n}',
    '{"a": 1,}',
    "",
    "[]",
    "null",
    '{"a": 1, "a": 2}',
    `${BOM}{"a": 1, "a": 2}`,
    `${BOM}[1,]`,
    "[".repeat(100_000),
  ];
  it.each(["/repo/.claude/settings.json", "C:\\Users\\u\\.claude\\settings.json", "/tmp/a file with spaces.json"])("file %s", (file) => {
    let count = 0;
    for (const text of texts) {
      for (const finding of parseSettingsText(text, file).findings) {
        count++;
        expect(finding.file).toBe(file);
        expect(["error", "warning"]).toContain(finding.severity);
        expect(finding.id).toMatch(/^settings-[a-z-]+$/);
        expect(finding.message.length).toBeGreaterThan(0);
        expect(finding.fix.length).toBeGreaterThan(0);
      }
    }
    expect(count).toBeGreaterThanOrEqual(texts.length);
  });
});

describe("parseSettingsText: one mistake is counted once", () => {
  it("a single trailing comma does not say 'and 1 more'", () => {
    const { findings } = parseSettingsText('{"a": 1,}', "/f.json");
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).not.toContain("more");
  });
});
