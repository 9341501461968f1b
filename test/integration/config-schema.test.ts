// `cwt config schema`: the JSON Schema editors check cwt.config.json with. It must agree with what cwt
// itself accepts (the zod schema plus the loader's per-file rules), and the committed copy in
// schema/ must be exactly what the command prints.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig, TEAM_CONFIG_FILE } from "../../src/config/load.ts";
import { parseConfigText } from "../../src/config/schema.ts";
import { ConfigError } from "../../src/errors.ts";
import { hermeticEnv, tempDir } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const COMMITTED = path.join(ROOT, "schema", "cwt.config.schema.json");

type Json = Record<string, unknown>;

let printed: string;
let schema: Json;
let validate: (data: unknown) => boolean;

beforeAll(async () => {
  const dir = tempDir();
  const result = await runCli(["config", "schema"], { cwd: dir, env: hermeticEnv(dir) });
  expect(result).toMatchObject({ exitCode: 0, stderr: "" });
  printed = result.stdout;
  schema = JSON.parse(printed) as Json;
  // Strict mode: unknown keywords, ambiguous types and the like are compile errors, not silent.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  validate = ajv.compile(schema);
});

/** Whether cwt accepts `text` as the team's cwt.config.json: the zod schema and the loader's per-file rules. */
async function cwtAcceptsAsTeamFile(text: string): Promise<boolean> {
  const dir = tempDir();
  const repo = path.join(dir, "repo");
  const home = path.join(dir, "home");
  mkdirSync(repo);
  mkdirSync(home);
  writeFileSync(path.join(repo, TEAM_CONFIG_FILE), text);
  try {
    await loadConfig(repo, { HOME: home, XDG_CONFIG_HOME: path.join(home, ".config") });
    return true;
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
}

/** The README's cwt.config.json examples: every ```json block under "## Configuration", or right after prose naming the file. */
function readmeExamples(): string[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const examples: string[] = [];
  let section = "";
  // The paragraph right before a block (blank lines between them allowed).
  let paragraph = "";
  let blank = true;
  const lines = readme.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("#")) {
      if (line.startsWith("## ")) section = line;
      paragraph = "";
    } else if (line.trim() === "```json") {
      const end = lines.indexOf("```", i + 1);
      const body = lines.slice(i + 1, end).join("\n");
      if (section === "## Configuration" || paragraph.includes(TEAM_CONFIG_FILE)) examples.push(body);
      i = end;
      paragraph = "";
    } else if (line.startsWith("```")) {
      i = lines.indexOf("```", i + 1);
      paragraph = "";
    } else if (line.trim() === "") {
      blank = true;
      continue;
    } else {
      paragraph = blank ? line : `${paragraph} ${line}`;
    }
    blank = false;
  }
  return examples;
}

describe("cwt config schema", () => {
  it("prints a draft 2020-12 JSON Schema of the team's file, with a title and a description", () => {
    expect(printed.endsWith("}\n")).toBe(true);
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "cwt.config.json",
      type: "object",
      additionalProperties: false,
    });
    expect(schema.description).toMatch(/team/);
  });

  it("describes every key, at every depth (what an editor shows on hover)", () => {
    const undescribed: string[] = [];
    const walk = (node: Json, at: string) => {
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
        if (typeof child.description !== "string" || child.description.length < 10) undescribed.push(`${at}${key}`);
        walk(child, `${at}${key}.`);
      }
    };
    walk(schema, "");
    expect(undescribed).toEqual([]);
  });

  it("is exactly the committed schema/cwt.config.schema.json (regenerate: node bin/cwt.js config schema > schema/cwt.config.schema.json)", () => {
    expect(readFileSync(COMMITTED, "utf8")).toBe(printed);
  });
});

const GOOD: Array<[string, Json]> = [
  ["an empty file", {}],
  ["$schema pointing at the package's copy", { $schema: "./node_modules/cwt/schema/cwt.config.schema.json" }],
  ["$schema as any string", { $schema: "" }],
  ["$schema as a URL", { $schema: "https://example.com/anything.json", worktreeRoot: "wt" }],
  [
    "every plain key",
    {
      worktreeRoot: "/srv/worktrees",
      folderTemplate: "{repo}-{ticket}",
      branchTemplate: "feature/{repo}/{ticket}",
      ticketPattern: "^[A-Z]+-\\d+$",
      defaultBase: "origin/main",
    },
  ],
  ["an approval without until", { approvals: { bgIsolationNone: { by: "lead@example.com", reason: "monorepo" } } }],
  ["an approval with a date-time", { approvals: { bgIsolationNone: { by: "a", reason: "b", until: "2027-03-31T18:00:00+02:00" } } }],
  ["empty approvals", { approvals: {} }],
  ["guard deny", { guard: { mainCheckout: "deny" } }],
  ["guard allow", { guard: { mainCheckout: "allow" } }],
  ["empty guard", { guard: {} }],
  ["postCreate commands", { postCreate: [["npm", "ci"], ["node", "scripts/setup.mjs", "--quiet"]] }],
  ["an empty postCreate", { postCreate: [] }],
];

describe("good configs pass both cwt and the JSON Schema", () => {
  it("finds the README's examples", () => {
    const examples = readmeExamples();
    expect(examples.some((e) => e.includes('"ticketPattern"'))).toBe(true);
    expect(examples.some((e) => e.includes('"approvals"'))).toBe(true);
  });

  it.each(readmeExamples().map((text, i) => [`README example ${i + 1}`, text] as const))("%s", async (_name, text) => {
    expect(parseConfigText(text)).toMatchObject({ ok: true });
    expect(await cwtAcceptsAsTeamFile(text)).toBe(true);
    expect(validate(JSON.parse(text)), JSON.stringify((validate as unknown as { errors: unknown }).errors)).toBe(true);
  });

  it.each(GOOD)("%s", async (_name, config) => {
    const text = JSON.stringify(config, null, 2);
    expect(await cwtAcceptsAsTeamFile(text)).toBe(true);
    expect(validate(config), JSON.stringify((validate as unknown as { errors: unknown }).errors)).toBe(true);
  });
});

const BAD: Array<[string, unknown]> = [
  ["not an object: an array", []],
  ["not an object: a string", "worktreeRoot"],
  ["not an object: null", null],
  ["an unknown top-level key", { foo: 1 }],
  ["a misspelt key", { worktreeroot: "wt" }],
  ["an unknown key in approvals", { approvals: { bgIsolationAll: { by: "a", reason: "b" } } }],
  ["an unknown key in an approval", { approvals: { bgIsolationNone: { by: "a", reason: "b", until: "2027-01-01", scope: "all" } } }],
  ["an unknown key in guard", { guard: { worktrees: "deny" } }],
  ["$schema a number", { $schema: 5 }],
  ["worktreeRoot a number", { worktreeRoot: 5 }],
  ["worktreeRoot null", { worktreeRoot: null }],
  ["worktreeRoot empty", { worktreeRoot: "" }],
  ["folderTemplate an array", { folderTemplate: ["{ticket}"] }],
  ["branchTemplate a boolean", { branchTemplate: true }],
  ["a template longer than 200", { branchTemplate: `{ticket}${"x".repeat(200)}` }],
  ["ticketPattern an object", { ticketPattern: { source: "^A$" } }],
  ["defaultBase empty", { defaultBase: "" }],
  ["approvals a string", { approvals: "yes" }],
  ["an approval without by", { approvals: { bgIsolationNone: { reason: "b" } } }],
  ["an approval with an empty reason", { approvals: { bgIsolationNone: { by: "a", reason: "" } } }],
  ["an approval's until a number", { approvals: { bgIsolationNone: { by: "a", reason: "b", until: 20270331 } } }],
  ["guard.mainCheckout not allow/deny", { guard: { mainCheckout: "warn" } }],
  ["guard a boolean", { guard: true }],
  ["postCreate a shell string", { postCreate: "npm ci && npm run build" }],
  ["postCreate a list of shell strings", { postCreate: ["npm ci"] }],
  ["postCreate with an empty command", { postCreate: [[]] }],
  ["postCreate with a number argument", { postCreate: [["sleep", 1]] }],
  // The loader's rule for the team's file, which this schema is the schema of.
  ["claudeCommand in the team's file", { claudeCommand: ["claude", "--model", "opus"] }],
];

describe("bad configs fail both cwt and the JSON Schema", () => {
  it.each(BAD)("%s", async (_name, config) => {
    expect(await cwtAcceptsAsTeamFile(JSON.stringify(config))).toBe(false);
    expect(validate(config)).toBe(false);
  });

  it("claudeCommand, refused in the team's file, is cwt's in the per-user file (which this schema is not for)", async () => {
    const dir = tempDir();
    const home = path.join(dir, "home");
    mkdirSync(path.join(home, ".config", "cwt"), { recursive: true });
    mkdirSync(path.join(dir, "repo"));
    writeFileSync(path.join(home, ".config", "cwt", "config.json"), JSON.stringify({ claudeCommand: ["claude", "--model", "opus"] }));
    const loaded = await loadConfig(path.join(dir, "repo"), { HOME: home, XDG_CONFIG_HOME: path.join(home, ".config") });
    expect(loaded.config.claudeCommand).toEqual(["claude", "--model", "opus"]);
  });
});

// zod's refinements are functions: z.toJSONSchema leaves them out, so these reach cwt's own check only.
// The list is README's (and schema-notes') "checked by cwt only"; a refinement that gains a JSON Schema
// form (a pattern) moves from here to BAD.
const CWT_ONLY: Array<[string, Json]> = [
  ["a template without {ticket}", { folderTemplate: "x" }],
  ["a template with an unknown variable", { branchTemplate: "{foo}-{ticket}" }],
  ["a folderTemplate with /", { folderTemplate: "{repo}/{ticket}" }],
  ["an invalid regular expression", { ticketPattern: "(" }],
  ["a regular expression invalid in unicode mode", { ticketPattern: "\\-" }],
  ["defaultBase starting with -", { defaultBase: "--upload-pack=evil" }],
  ["a control character in worktreeRoot", { worktreeRoot: "a\u0001b" }],
  ["a control character in an approval's by", { approvals: { bgIsolationNone: { by: "a\nb", reason: "r" } } }],
  ["an until that is not a date", { approvals: { bgIsolationNone: { by: "a", reason: "b", until: "next spring" } } }],
  ["a postCreate argument with NUL", { postCreate: [["echo", "a\u0000b"]] }],
  ["a postCreate command that is empty", { postCreate: [["", "x"]] }],
  ["an until that is no day of the calendar", { approvals: { bgIsolationNone: { by: "a", reason: "b", until: "2027-02-32" } } }],
];

describe("refinements JSON Schema cannot carry: refused by cwt, passed by the schema", () => {
  it.each(CWT_ONLY)("%s", async (_name, config) => {
    expect(await cwtAcceptsAsTeamFile(JSON.stringify(config))).toBe(false);
    expect(validate(config)).toBe(true);
  });
});
