import { describe, expect, it } from "vitest";
import { type ConfigFile, DEFAULT_CONFIG, mergeConfig, parseConfigText } from "./schema.ts";

const FULL = {
  $schema: "https://example.com/cwt.schema.json",
  worktreeRoot: ".claude/worktrees",
  folderTemplate: "{repo}-{ticket}",
  branchTemplate: "feature/{ticket}",
  ticketPattern: "^[A-Z]+-\\d+$",
  defaultBase: "origin/main",
};

function issuesOf(text: string): string[] {
  const result = parseConfigText(text);
  if (result.ok) throw new Error(`expected issues, got a config: ${JSON.stringify(result.config)}`);
  return result.issues;
}

describe("parseConfigText: accepted", () => {
  it.each<[string, string, ConfigFile]>([
    ["the full example", JSON.stringify(FULL, null, 2), FULL],
    ["an empty object", "{}", {}],
    ["whitespace around", "\n  {}\n\n", {}],
    ["a UTF-8 BOM before valid JSON", '\uFEFF{"worktreeRoot":"wt"}', { worktreeRoot: "wt" }],
    ["an absolute worktreeRoot", '{"worktreeRoot":"/srv/worktrees"}', { worktreeRoot: "/srv/worktrees" }],
    ["a template using only {ticket}", '{"folderTemplate":"{ticket}","branchTemplate":"{ticket}"}', { folderTemplate: "{ticket}", branchTemplate: "{ticket}" }],
    ["a branchTemplate with '/'", '{"branchTemplate":"{repo}/{ticket}"}', { branchTemplate: "{repo}/{ticket}" }],
    ["a duplicate key (the last wins, as in JSON.parse)", '{"worktreeRoot":"a","worktreeRoot":"b"}', { worktreeRoot: "b" }],
  ])("%s", (_name, text, config) => {
    expect(parseConfigText(text)).toEqual({ ok: true, config });
  });
});

describe("parseConfigText: rejected, each issue as `path: message`", () => {
  it.each<[string, string, string[]]>([
    ["an unknown top-level key", '{"foo":1}', ["foo: unknown key"]],
    ["an unknown key that looks like a prototype", '{"__proto__":{"worktreeRoot":"x"}}', ["__proto__: unknown key"]],
    ["a misspelt key", '{"worktreeroot":"x"}', ["worktreeroot: unknown key"]],
    ["worktreeRoot a number", '{"worktreeRoot":5}', ["worktreeRoot: Invalid input: expected string, received number"]],
    ["worktreeRoot empty", '{"worktreeRoot":""}', ["worktreeRoot: Too small: expected string to have >=1 characters"]],
    ["worktreeRoot with a control character", '{"worktreeRoot":"a\\u0001b"}', ["worktreeRoot: must not contain control characters"]],
    ["worktreeRoot null", '{"worktreeRoot":null}', ["worktreeRoot: Invalid input: expected string, received null"]],
    ["folderTemplate an array", '{"folderTemplate":["{ticket}"]}', ["folderTemplate: Invalid input: expected string, received array"]],
    ["branchTemplate a boolean", '{"branchTemplate":true}', ["branchTemplate: Invalid input: expected string, received boolean"]],
    ["$schema a number", '{"$schema":5}', ["$schema: Invalid input: expected string, received number"]],
    ["folderTemplate without {ticket}", '{"folderTemplate":"x"}', ["folderTemplate: must contain {ticket}, or every ticket would get the same name"]],
    ["branchTemplate without {ticket}", '{"branchTemplate":"{repo}"}', ["branchTemplate: must contain {ticket}, or every ticket would get the same name"]],
    ["an unclosed {ticket", '{"branchTemplate":"b-{ticket"}', ["branchTemplate: must contain {ticket}, or every ticket would get the same name"]],
    ["branchTemplate with {foo}", '{"branchTemplate":"{foo}-{ticket}"}', ["branchTemplate: unknown template variable {foo} (known: {ticket}, {repo})"]],
    ["folderTemplate with {}", '{"folderTemplate":"{}{ticket}"}', ["folderTemplate: unknown template variable {} (known: {ticket}, {repo})"]],
    ["folderTemplate with {Ticket}", '{"folderTemplate":"{Ticket}"}', ["folderTemplate: unknown template variable {Ticket} (known: {ticket}, {repo})"]],
    ["folderTemplate with '/'", '{"folderTemplate":"{repo}/{ticket}"}', ["folderTemplate: must be a single folder name (no / or \\)"]],
    ["folderTemplate with '\\'", '{"folderTemplate":"{ticket}\\\\x"}', ["folderTemplate: must be a single folder name (no / or \\)"]],
    ["a template longer than 200", JSON.stringify({ branchTemplate: `{ticket}${"x".repeat(200)}` }), ["branchTemplate: Too big: expected string to have <=200 characters"]],
    ["an invalid regex", '{"ticketPattern":"("}', ["ticketPattern: is not a valid regular expression"]],
    ["a regex invalid only in unicode mode", '{"ticketPattern":"\\\\-"}', ["ticketPattern: is not a valid regular expression"]],
    ["an unclosed class", '{"ticketPattern":"[A-Z"}', ["ticketPattern: is not a valid regular expression"]],
    ["defaultBase starting with '-'", '{"defaultBase":"-x"}', ["defaultBase: must be a git ref name"]],
    ["defaultBase '--upload-pack=evil'", '{"defaultBase":"--upload-pack=evil"}', ["defaultBase: must be a git ref name"]],
    ["defaultBase with a control character", '{"defaultBase":"main\\n"}', ["defaultBase: must be a git ref name"]],
  ])("%s", (_name, text, issues) => {
    expect(issuesOf(text)).toEqual(issues);
  });

  it("reports several invalid fields together, each with its path", () => {
    const text = JSON.stringify({
      worktreeRoot: 5,
      folderTemplate: "x/{ticket}",
      branchTemplate: "{foo}-{ticket}",
      ticketPattern: "(",
      defaultBase: "-x",
      extra: true,
    });
    const issues = issuesOf(text);
    expect(issues).toEqual(
      expect.arrayContaining([
        "worktreeRoot: Invalid input: expected string, received number",
        "folderTemplate: must be a single folder name (no / or \\)",
        "branchTemplate: unknown template variable {foo} (known: {ticket}, {repo})",
        "ticketPattern: is not a valid regular expression",
        "defaultBase: must be a git ref name",
        "extra: unknown key",
      ]),
    );
    expect(issues).toHaveLength(6);
  });

  it("names every unknown key", () => {
    const problems = issuesOf('{"foo":1,"bar":2,"worktreeRoot":"ok"}').flatMap((i) => i.split("; "));
    expect(problems.sort()).toEqual(["bar: unknown key", "foo: unknown key"]);
  });

  it.each([
    ["null", "null", "(top level): Invalid input: expected object, received null"],
    ["an array", "[]", "(top level): Invalid input: expected object, received array"],
    ["a number", "5", "(top level): Invalid input: expected object, received number"],
    ["a string", '"{}"', "(top level): Invalid input: expected object, received string"],
    ["true", "true", "(top level): Invalid input: expected object, received boolean"],
  ])("a top-level %s", (_name, text, issue) => {
    expect(issuesOf(text)).toEqual([issue]);
  });

  it.each([
    ["not JSON", "worktreeRoot = x"],
    ["empty text", ""],
    ["only whitespace", "  \n"],
    ["a // comment", '// team config\n{"worktreeRoot":"x"}'],
    ["a /* */ comment", '{/* root */ "worktreeRoot":"x"}'],
    ["a trailing comma", '{"worktreeRoot":"x",}'],
    ["a trailing comma in an array", '{"worktreeRoot":["x",]}'],
    ["unquoted keys (JSON5)", "{worktreeRoot:'x'}"],
    ["two BOMs", '\uFEFF\uFEFF{"worktreeRoot":"x"}'],
    ["truncated", '{"worktreeRoot":"x"'],
  ])("%s is not valid JSON", (_name, text) => {
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^not valid JSON \(.+\)$/);
  });

  it.each([
    ["10000 levels of arrays", "[".repeat(10_000) + "]".repeat(10_000), ["(top level): Invalid input: expected object, received array"]],
    ["10000 levels of objects", '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000), ["a: unknown key"]],
    ["10000 levels inside a known key", `{"worktreeRoot":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, ["worktreeRoot: Invalid input: expected string, received array"]],
  ])("deeply nested JSON: %s gives issues, no crash", (_name, text, issues) => {
    expect(issuesOf(text)).toEqual(issues);
  });
});

describe("mergeConfig", () => {
  it.each<[string, (ConfigFile | undefined)[], typeof DEFAULT_CONFIG]>([
    ["no layers → defaults", [], DEFAULT_CONFIG],
    ["undefined layers → defaults", [undefined, undefined], DEFAULT_CONFIG],
    ["an empty layer → defaults", [{}], DEFAULT_CONFIG],
    ["one layer overrides its keys only", [{ worktreeRoot: "wt" }], { ...DEFAULT_CONFIG, worktreeRoot: "wt" }],
    ["a later layer wins key by key", [{ worktreeRoot: "user", folderTemplate: "u-{ticket}" }, { worktreeRoot: "team" }], { ...DEFAULT_CONFIG, worktreeRoot: "team", folderTemplate: "u-{ticket}" }],
    ["undefined values do not override", [{ worktreeRoot: "user", ticketPattern: "^X$" }, { worktreeRoot: undefined, ticketPattern: undefined }], { ...DEFAULT_CONFIG, worktreeRoot: "user", ticketPattern: "^X$" }],
    ["an undefined layer in between is skipped", [{ defaultBase: "develop" }, undefined, { branchTemplate: "b/{ticket}" }], { ...DEFAULT_CONFIG, defaultBase: "develop", branchTemplate: "b/{ticket}" }],
    ["$schema is not part of the config", [{ $schema: "x", worktreeRoot: "wt" }], { ...DEFAULT_CONFIG, worktreeRoot: "wt" }],
    [
      "every key set",
      [{ worktreeRoot: "a", folderTemplate: "{ticket}-f", branchTemplate: "b-{ticket}", ticketPattern: "p", defaultBase: "main" }],
      { ...DEFAULT_CONFIG, worktreeRoot: "a", folderTemplate: "{ticket}-f", branchTemplate: "b-{ticket}", ticketPattern: "p", defaultBase: "main" },
    ],
  ])("%s", (_name, layers, expected) => {
    expect(mergeConfig(...layers)).toStrictEqual(expected);
  });

  it("does not change DEFAULT_CONFIG", () => {
    const before = { ...DEFAULT_CONFIG };
    mergeConfig({ worktreeRoot: "changed" });
    expect(DEFAULT_CONFIG).toEqual(before);
  });

  it("merges what parseConfigText returns", () => {
    const user = parseConfigText('{"worktreeRoot":"user","defaultBase":"develop"}');
    const team = parseConfigText('{"worktreeRoot":"team"}');
    if (!user.ok || !team.ok) throw new Error("fixture configs must parse");
    expect(mergeConfig(user.config, team.config)).toEqual({ ...DEFAULT_CONFIG, worktreeRoot: "team", defaultBase: "develop" });
  });
});

describe("parseConfigText: approvals", () => {
  const approval = (extra: Record<string, unknown>) => JSON.stringify({ approvals: { bgIsolationNone: { by: "a@b.c", reason: "why", ...extra } } });
  it.each([
    [{}, true],
    [{ until: "2027-01-31" }, true],
    [{ until: "2027-01-31T12:00:00Z" }, true],
    [{ until: "2027-01-31T12:00:00+02:00" }, true],
    [{ until: "2027-01-31T12:00:00" }, false], // no time zone: would depend on the machine
    [{ until: "next year" }, false],
    [{ until: "2027-02-30" }, false], // no such day (Date.parse would roll it into March)
    [{ until: "2028-02-29" }, true], // a leap day
    [{ until: "2027-02-30x" }, false],
    [{ by: "" }, false],
    [{ reason: "" }, false],
    [{ extra: 1 }, false],
  ])("%j → valid: %s", (extra, valid) => {
    expect(parseConfigText(approval(extra)).ok).toBe(valid);
  });

  it("approvals are never merged from layers: only the team's file counts", () => {
    const parsed = parseConfigText(approval({}));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(mergeConfig(parsed.config)).toEqual(DEFAULT_CONFIG);
  });
});
