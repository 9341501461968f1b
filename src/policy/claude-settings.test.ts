import { describe, expect, it } from "vitest";
import {
  type Approval,
  type PolicyInput,
  type Scope,
  type SettingsSource,
  PRECEDENCE,
  approvalEnd,
  effectiveBgIsolation,
  evaluatePolicy,
} from "./claude-settings.ts";
import type { Finding } from "./findings.ts";

/** Highest first, written out here so a change to PRECEDENCE is caught, not mirrored. */
const ORDER: readonly Scope[] = ["env", "managed", "local", "local-legacy", "project", "user"];
const FILE_SCOPES = ORDER.filter((s) => s !== "env");

const ROOT = "/r";
const WT = "/r/.claude/worktrees/T";
const ENV_VAR = "CLAUDE_BG_ISOLATION";
const FILES: Record<Scope, string> = {
  env: ENV_VAR,
  managed: "/etc/claude-code/managed-settings.json",
  local: "/r/.claude/settings.local.json",
  "local-legacy": "/r/.claude/worktrees/T/.claude/settings.local.json",
  project: "/r/.claude/worktrees/T/.claude/settings.json",
  user: "/home/u/.claude/settings.json",
};
const TEAM = "/r/cwt.config.json";

/** A source that sets bgIsolation (through the variable for env, worktree.bgIsolation for a file). */
function bg(scope: Scope, value: unknown, file: string = FILES[scope]): SettingsSource {
  return scope === "env" ? { scope, file, data: { [ENV_VAR]: value } } : { scope, file, data: { worktree: { bgIsolation: value } } };
}
/** A file source with arbitrary data. */
function src(scope: Scope, data: Record<string, unknown> | undefined, extra: Partial<SettingsSource> = {}): SettingsSource {
  return { scope, file: FILES[scope], data, ...extra };
}
const wt = (worktree: Record<string, unknown>, scope: Scope = "project"): SettingsSource => src(scope, { worktree });
const allowWrite = (list: unknown, scope: Scope = "project"): SettingsSource => src(scope, { sandbox: { filesystem: { allowWrite: list } } });

const NOW = new Date("2026-11-24T12:00:00Z");
function input(sources: readonly SettingsSource[], over: Partial<PolicyInput> = {}): PolicyInput {
  return { sources, mainRoot: ROOT, worktreePath: WT, home: "/home/u", approval: undefined, userApproval: false, teamConfigFile: TEAM, now: NOW, ...over };
}
const APPROVED: Approval = { by: "alice@example.com", reason: "monorepo too large for worktrees" };
const approved = (until?: string): Approval => (until === undefined ? APPROVED : { ...APPROVED, until });

const findings = (sources: readonly SettingsSource[], over: Partial<PolicyInput> = {}): Finding[] => evaluatePolicy(input(sources, over)).findings;
const ids = (list: readonly Finding[]): string[] => list.map((f) => f.id);
const withId = (list: readonly Finding[], id: string): Finding[] => list.filter((f) => f.id === id);
const higher = (a: Scope, b: Scope): Scope => (ORDER.indexOf(a) < ORDER.indexOf(b) ? a : b);

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Every ordered pair of distinct scopes: 6 × 5 = 30. */
const PAIRS: [Scope, Scope][] = ORDER.flatMap((a) => ORDER.filter((b) => b !== a).map((b): [Scope, Scope] => [a, b]));

describe("PRECEDENCE", () => {
  it("is env > managed > local > local-legacy > project > user", () => {
    expect(PRECEDENCE).toEqual(ORDER);
  });
  it("has 30 ordered pairs to test", () => {
    expect(PAIRS).toHaveLength(30);
  });
});

describe("effectiveBgIsolation: the higher scope wins, for every ordered pair", () => {
  it.each(PAIRS.map(([a, b]) => [a, b, higher(a, b)] as const))("%s=none, %s=worktree → %s decides", (a, b, winner) => {
    const result = effectiveBgIsolation([bg(a, "none"), bg(b, "worktree")]);
    expect(result).toEqual({ value: winner === a ? "none" : "worktree", source: { scope: winner, file: FILES[winner] } });
  });

  it.each(PAIRS.map(([a, b]) => [a, b, higher(a, b)] as const))("%s=worktree, %s=none → %s decides", (a, b, winner) => {
    const result = effectiveBgIsolation([bg(a, "worktree"), bg(b, "none")]);
    expect(result).toEqual({ value: winner === a ? "worktree" : "none", source: { scope: winner, file: FILES[winner] } });
  });

  it.each(PAIRS.map(([a, b]) => [a, b, higher(a, b)] as const))("evaluatePolicy agrees: %s=none, %s=worktree → %s decides", (a, b, winner) => {
    expect(evaluatePolicy(input([bg(a, "none"), bg(b, "worktree")], { approval: APPROVED })).bgIsolation.source).toEqual({ scope: winner, file: FILES[winner] });
  });

  it("the env source is named by the variable", () => {
    expect(effectiveBgIsolation([bg("user", "worktree"), bg("env", "none")])).toEqual({ value: "none", source: { scope: "env", file: "CLAUDE_BG_ISOLATION" } });
  });
});

describe("effectiveBgIsolation: the order of the input does not matter", () => {
  it.each(ORDER.map((top, k) => [top, ORDER.slice(k)] as const))("highest present is %s: every permutation → it decides", (top, scopes) => {
    for (const value of ["none", "worktree"] as const) {
      const other = value === "none" ? "worktree" : "none";
      const sources = scopes.map((s) => bg(s, s === top ? value : other));
      for (const perm of permutations(sources)) {
        expect(effectiveBgIsolation(perm)).toEqual({ value, source: { scope: top, file: FILES[top] } });
        expect(evaluatePolicy(input(perm, { approval: APPROVED })).bgIsolation).toEqual({ value, source: { scope: top, file: FILES[top] } });
      }
    }
  });

  it("random subsets with random valid and invalid values, shuffled (seeded) → the first valid value by precedence", () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const VALUES: unknown[] = ["none", "worktree", "off", true, null, undefined];
    for (let trial = 0; trial < 500; trial++) {
      const chosen = ORDER.filter(() => random(2) === 1).map((s) => bg(s, VALUES[random(VALUES.length)]));
      const expected = ORDER.map((s) => chosen.find((c) => c.scope === s)).find((c) => {
        const v = c === undefined ? undefined : c.scope === "env" ? c.data?.[ENV_VAR] : (c.data?.["worktree"] as Record<string, unknown>)["bgIsolation"];
        return v === "none" || v === "worktree";
      });
      const shuffled = [...chosen];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = random(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const result = effectiveBgIsolation(shuffled);
      if (expected === undefined) expect(result).toEqual({ value: "worktree", source: null });
      else expect(result.source).toEqual({ scope: expected.scope, file: expected.file });
    }
  });
});

describe("effectiveBgIsolation: invalid values are skipped silently", () => {
  const INVALID: unknown[] = ["off", true, false, 1, 0, null, "None", "WORKTREE", " none", "", ["none"], { value: "none" }];
  const rows = ORDER.slice(0, -1).flatMap((hi, k) => INVALID.map((bad) => [hi, JSON.stringify(bad), bad, ORDER[k + 1]!] as const));
  it.each(rows)("%s=%s is skipped → %s (next lower, none) decides", (hi, _shown, bad, next) => {
    const result = effectiveBgIsolation([bg(hi, bad), bg(next, "none"), bg("user", "worktree")]);
    expect(result).toEqual({ value: "none", source: { scope: next, file: FILES[next] } });
  });

  it("an invalid value several scopes up is skipped down to the first valid one", () => {
    const result = effectiveBgIsolation([bg("env", "off"), bg("managed", null), bg("local", 1), bg("local-legacy", "None"), bg("project", true), bg("user", "none")]);
    expect(result).toEqual({ value: "none", source: { scope: "user", file: FILES.user } });
  });

  it("only invalid values → the default, worktree, from nobody", () => {
    expect(effectiveBgIsolation([bg("env", "off"), bg("managed", "NONE"), bg("project", false)])).toEqual({ value: "worktree", source: null });
  });
});

describe("effectiveBgIsolation: nothing set", () => {
  it.each<[string, SettingsSource[]]>([
    ["no sources", []],
    ["sources without worktree", FILE_SCOPES.map((s) => src(s, { model: "x" }))],
    ["empty objects", FILE_SCOPES.map((s) => src(s, {}))],
    ["worktree without bgIsolation", FILE_SCOPES.map((s) => wt({ baseRef: "head" }, s))],
    ["unparsable files (data undefined)", ORDER.map((s) => src(s, undefined))],
    ["an env source without the variable", [src("env", {})]],
    ["bgIsolation undefined", [bg("managed", undefined), bg("env", undefined)]],
  ])("%s → { value: worktree, source: null }", (_name, sources) => {
    expect(effectiveBgIsolation(sources)).toEqual({ value: "worktree", source: null });
  });
});

describe("effectiveBgIsolation: skipped sources", () => {
  it.each(ORDER.slice(0, -1).map((hi, k) => [hi, ORDER[k + 1]!] as const))("%s unparsable (data undefined) → %s decides", (hi, next) => {
    expect(effectiveBgIsolation([src(hi, undefined), bg(next, "none")])).toEqual({ value: "none", source: { scope: next, file: FILES[next] } });
  });

  it.each<[string, unknown]>([
    ["a string", "none"],
    ["an array", ["none"]],
    ["an array holding an object", [{ bgIsolation: "none" }]],
    ["null", null],
    ["a number", 1],
  ])("managed worktree is %s → ignored, project decides", (_name, worktree) => {
    expect(effectiveBgIsolation([src("managed", { worktree }), bg("project", "worktree")])).toEqual({ value: "worktree", source: { scope: "project", file: FILES.project } });
    expect(effectiveBgIsolation([src("managed", { worktree })])).toEqual({ value: "worktree", source: null });
  });

  it("an env source reads only the variable, a file source only worktree.bgIsolation", () => {
    expect(effectiveBgIsolation([src("env", { worktree: { bgIsolation: "none" } })])).toEqual({ value: "worktree", source: null });
    expect(effectiveBgIsolation([src("managed", { [ENV_VAR]: "none" })])).toEqual({ value: "worktree", source: null });
  });
});

describe("effectiveBgIsolation: several sources of one scope (managed-settings.d, highest first)", () => {
  const first = bg("managed", "none", "/etc/claude-code/managed-settings.json");
  const second = bg("managed", "worktree", "/etc/claude-code/managed-settings.d/10-team.json");
  it.each<[string, SettingsSource[], SettingsSource]>([
    ["main file first", [first, second], first],
    ["drop-in first", [second, first], second],
    ["with other scopes around", [bg("user", "none"), first, bg("project", "worktree"), second], first],
    ["with other scopes around, reversed", [second, bg("user", "none"), first, bg("local", "none")], second],
  ])("%s → the first managed source in the array wins", (_name, sources, winner) => {
    expect(effectiveBgIsolation(sources).source).toEqual({ scope: "managed", file: winner.file });
    expect(evaluatePolicy(input(sources, { approval: APPROVED })).bgIsolation.source).toEqual({ scope: "managed", file: winner.file });
  });

  it("an invalid first managed source → the next managed source decides", () => {
    const bad = bg("managed", "off", "/etc/claude-code/managed-settings.json");
    expect(effectiveBgIsolation([bad, second, bg("local", "none")]).source).toEqual({ scope: "managed", file: second.file });
  });
});

describe("evaluatePolicy: bg-isolation-invalid", () => {
  it.each(FILE_SCOPES.flatMap((scope) => ["off", true, 1, null, "None", ""].map((v) => [scope, JSON.stringify(v), v] as const)))(
    "%s file with bgIsolation %s → error with jsonPath worktree.bgIsolation",
    (scope, _shown, value) => {
      const found = withId(findings([bg(scope, value)]), "bg-isolation-invalid");
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: "error", file: FILES[scope], jsonPath: "worktree.bgIsolation" });
    },
  );

  it.each(["off", "None", "NONE", "0", "false", "", "worktree "])("CLAUDE_BG_ISOLATION=%j → error naming the variable", (value) => {
    const found = withId(findings([bg("env", value)]), "bg-isolation-invalid");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", file: "CLAUDE_BG_ISOLATION" });
  });

  it.each<[string, SettingsSource]>([
    ["none", bg("project", "none")],
    ["worktree", bg("project", "worktree")],
    ["env none", bg("env", "none")],
    ["env worktree", bg("env", "worktree")],
    ["unset", wt({ baseRef: "head" })],
    ["no variable", src("env", {})],
    ["unparsable file", src("project", undefined)],
  ])("%s → no bg-isolation-invalid", (_name, source) => {
    expect(ids(findings([source], { approval: APPROVED }))).not.toContain("bg-isolation-invalid");
  });

  it("an invalid value in every scope → one finding per source", () => {
    const found = withId(findings(ORDER.map((s) => bg(s, "off"))), "bg-isolation-invalid");
    expect(found.map((f) => f.file).sort()).toEqual(ORDER.map((s) => FILES[s]).sort());
  });
});

describe("evaluatePolicy: bgIsolation none needs a recorded approval", () => {
  it.each(ORDER.map((scope) => [scope] as const))("none from %s without approval → bg-isolation-none-unapproved naming the deciding file", (scope) => {
    const result = evaluatePolicy(input([bg(scope, "none"), ...(scope === "user" ? [] : [bg("user", "worktree")])]));
    expect(result.bgIsolation.value).toBe("none");
    const found = withId(result.findings, "bg-isolation-none-unapproved");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", file: FILES[scope] });
    expect(found[0]?.jsonPath).toBe(scope === "env" ? undefined : "worktree.bgIsolation");
    expect(found[0]?.fix).toContain(TEAM);
  });

  it("the deciding file is the one named, not a lower one that also says none", () => {
    const found = withId(findings([bg("user", "none"), bg("local", "none"), bg("project", "none")]), "bg-isolation-none-unapproved");
    expect(found).toHaveLength(1);
    expect(found[0]?.file).toBe(FILES.local);
  });

  it.each<[string, SettingsSource[]]>([
    ["worktree", [bg("project", "worktree")]],
    ["nothing set", []],
    ["none overridden by a higher worktree", [bg("project", "none"), bg("managed", "worktree")]],
    ["none overridden by env worktree", [bg("managed", "none"), bg("env", "worktree")]],
    ["an invalid value only", [bg("project", "off")]],
  ])("effective worktree (%s) → no approval findings", (_name, sources) => {
    const found = ids(findings(sources));
    expect(found).not.toContain("bg-isolation-none-unapproved");
    expect(found).not.toContain("bg-isolation-none-approval-expired");
  });

  const NONE = [bg("project", "none")];
  const approvalIds = (over: Partial<PolicyInput>): string[] =>
    ids(findings(NONE, over)).filter((id) => id.startsWith("bg-isolation-none") || id === "approval-in-user-config");

  it.each<[string, Partial<PolicyInput>, string[]]>([
    ["no approval", {}, ["bg-isolation-none-unapproved"]],
    ["approval without until", { approval: approved() }, []],
    ["until far in the future (date)", { approval: approved("2099-01-01") }, []],
    ["until in the future (date-time)", { approval: approved("2026-11-24T12:00:01Z") }, []],
    ["until tomorrow", { approval: approved("2026-11-25") }, []],
    ["until today, date only, at noon", { approval: approved("2026-11-24") }, []],
    ["until today, date only, at 23:00Z", { approval: approved("2026-11-24"), now: new Date("2026-11-24T23:00:00Z") }, []],
    ["until today, date only, at the last millisecond", { approval: approved("2026-11-24"), now: new Date("2026-11-24T23:59:59.999Z") }, []],
    ["until today, date only, at the first millisecond", { approval: approved("2026-11-24"), now: new Date("2026-11-24T00:00:00.000Z") }, []],
    ["until yesterday, date only", { approval: approved("2026-11-23"), now: new Date("2026-11-24T23:00:00Z") }, ["bg-isolation-none-approval-expired"]],
    ["until yesterday, seen just after midnight", { approval: approved("2026-11-23"), now: new Date("2026-11-24T00:00:00.000Z") }, ["bg-isolation-none-approval-expired"]],
    ["until a year ago", { approval: approved("2025-11-24") }, ["bg-isolation-none-approval-expired"]],
    ["until a date-time in the past", { approval: approved("2026-11-24T11:59:59Z") }, ["bg-isolation-none-approval-expired"]],
    ["until a date-time equal to now", { approval: approved("2026-11-24T12:00:00Z") }, ["bg-isolation-none-approval-expired"]],
    ["until a date-time with an offset, in the past", { approval: approved("2026-11-24T13:00:00+02:00") }, ["bg-isolation-none-approval-expired"]],
    ["until a date-time with an offset, in the future", { approval: approved("2026-11-24T13:00:00-02:00") }, []],
    ["only a per-user approval", { userApproval: true }, ["approval-in-user-config", "bg-isolation-none-unapproved"]],
    ["a team approval and a per-user one", { approval: approved(), userApproval: true }, ["approval-in-user-config"]],
    ["a per-user approval and an expired team one", { approval: approved("2020-01-01"), userApproval: true }, ["approval-in-user-config", "bg-isolation-none-approval-expired"]],
  ])("none with %s → %j", (_name, over, expected) => {
    expect(approvalIds(over).sort()).toEqual([...expected].sort());
  });

  it("an expired approval names the deciding file, says who approved and is an error", () => {
    const found = withId(findings([bg("local", "none")], { approval: approved("2026-01-01") }), "bg-isolation-none-approval-expired");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", file: FILES.local, jsonPath: "worktree.bgIsolation" });
    expect(found[0]?.message).toContain(APPROVED.by);
    expect(found[0]?.message).toContain("2026-01-01");
  });

  it("none from CLAUDE_BG_ISOLATION with an expired approval → expired, naming the variable, no jsonPath", () => {
    const found = withId(findings([bg("env", "none")], { approval: approved("2026-01-01") }), "bg-isolation-none-approval-expired");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "CLAUDE_BG_ISOLATION", jsonPath: undefined });
  });

  it("a per-user approval is a warning even when bgIsolation is worktree", () => {
    const found = withId(findings([bg("project", "worktree")], { userApproval: true }), "approval-in-user-config");
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe("warning");
    expect(found[0]?.fix).toContain(TEAM);
  });
});

describe("approvalEnd", () => {
  it.each<[string, number]>([
    ["2026-11-24", Date.UTC(2026, 10, 25)],
    ["2026-12-31", Date.UTC(2027, 0, 1)],
    ["2028-02-28", Date.UTC(2028, 1, 29)],
    ["2028-02-29", Date.UTC(2028, 2, 1)],
    ["2026-11-24T12:34:56Z", Date.UTC(2026, 10, 24, 12, 34, 56)],
    ["2026-11-24T12:34:56.789Z", Date.UTC(2026, 10, 24, 12, 34, 56, 789)],
    ["2026-11-24T00:00:00Z", Date.UTC(2026, 10, 24)],
    ["2026-11-24T12:00:00+02:00", Date.UTC(2026, 10, 24, 10)],
  ])("%s → %i", (until, end) => {
    expect(approvalEnd(until)).toBe(end);
  });

  it("a date-only until ends exactly 24 hours after that day's UTC midnight, with no local-time shift", () => {
    expect(approvalEnd("2026-03-29") - Date.UTC(2026, 2, 29)).toBe(86_400_000);
  });
});

describe("evaluatePolicy: base-ref-invalid", () => {
  it.each<[string, unknown]>([
    ["a branch name", "main"],
    ["origin/main", "origin/main"],
    ["an empty string", ""],
    ["a number", 5],
    ["null", null],
    ["upper case", "HEAD"],
    ["a list", ["fresh"]],
  ])("baseRef %s → error", (_name, baseRef) => {
    const found = withId(findings([wt({ baseRef })]), "base-ref-invalid");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", file: FILES.project, jsonPath: "worktree.baseRef" });
  });

  it.each(["fresh", "head", undefined])("baseRef %s → fine", (baseRef) => {
    expect(ids(findings([wt({ baseRef })]))).toEqual([]);
  });

  it.each(FILE_SCOPES.map((s) => [s] as const))("checked in %s too", (scope) => {
    expect(withId(findings([wt({ baseRef: "main" }, scope)]), "base-ref-invalid")[0]?.file).toBe(FILES[scope]);
  });
});

describe("evaluatePolicy: worktree-paths-invalid", () => {
  for (const key of ["symlinkDirectories", "sparsePaths"] as const) {
    it.each<[string, unknown]>([
      ["a string", "node_modules"],
      ["an object", { dir: "node_modules" }],
      ["null", null],
      ["a number", 1],
      ["an array with a number", ["node_modules", 1]],
      ["an array with null", [null]],
      ["an array with an array", [["a"]]],
    ])(`${key} is %s → one error at worktree.${key}`, (_name, value) => {
      const found = withId(findings([wt({ [key]: value })]), "worktree-paths-invalid");
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: "error", file: FILES.project, jsonPath: `worktree.${key}` });
    });

    it.each(["/etc", "/", "C:\\x", "c:/x", "C:", "\\\\server\\share", "..", "../x", "..\\x", "a/../../x", "a/b/../../../x", "~/x", "~", "~user/x", ""])(
      `${key} entry %j → error at its index`,
      (entry) => {
        const found = withId(findings([wt({ [key]: ["node_modules", entry] })]), "worktree-paths-invalid");
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: "error", file: FILES.project, jsonPath: `worktree.${key}[1]` });
      },
    );

    it.each(["node_modules", "packages/a", "./src", "a/../b", ".cache", "a/b/c", "..foo", "foo..", "a\\b", "."])(`${key} entry %j → accepted`, (entry) => {
      expect(withId(findings([wt({ [key]: [entry] })]), "worktree-paths-invalid")).toEqual([]);
    });

    it(`${key} empty list → accepted`, () => {
      expect(findings([wt({ [key]: [] })])).toEqual([]);
    });
  }

  it("several bad entries → one finding each, with its index", () => {
    const found = withId(findings([wt({ sparsePaths: ["/a", "ok", "../b", "~/c"] })]), "worktree-paths-invalid");
    expect(found.map((f) => f.jsonPath)).toEqual(["worktree.sparsePaths[0]", "worktree.sparsePaths[2]", "worktree.sparsePaths[3]"]);
  });
});

describe("evaluatePolicy: settings-wrong-type", () => {
  it.each<[string, unknown]>([
    ["a string", "x"],
    ["an array", []],
    ["a number", 1],
    ["null", null],
    ["true", true],
  ])("worktree is %s → error at worktree, nothing else about worktree", (_name, worktree) => {
    const found = findings([src("project", { worktree })]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: "settings-wrong-type", severity: "error", file: FILES.project, jsonPath: "worktree" });
  });

  it.each<[string, unknown]>([
    ["a string", "/tmp"],
    ["an object", { path: "/tmp" }],
    ["a list with a number", ["/tmp", 1]],
    ["null", null],
  ])("sandbox.filesystem.allowWrite is %s → error", (_name, list) => {
    const found = withId(findings([allowWrite(list)]), "settings-wrong-type");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", file: FILES.project, jsonPath: "sandbox.filesystem.allowWrite" });
  });

  it.each<[string, Record<string, unknown>]>([
    ["an object worktree", { worktree: {} }],
    ["a list allowWrite", { sandbox: { filesystem: { allowWrite: ["/tmp"] } } }],
    ["an empty allowWrite", { sandbox: { filesystem: { allowWrite: [] } } }],
    ["no sandbox", { model: "x" }],
  ])("%s → no settings-wrong-type", (_name, data) => {
    expect(ids(findings([src("project", data)]))).not.toContain("settings-wrong-type");
  });
});

describe("evaluatePolicy: sandbox-allow-write-main-checkout", () => {
  const HOME_ROOT = { mainRoot: "/home/u/repo", worktreePath: "/home/u/repo/.claude/worktrees/T", home: "/home/u" };
  it.each<[string, string, Partial<PolicyInput>, boolean]>([
    ["an absolute path in the main checkout", "/r/src", {}, true],
    ["the main checkout's root", "/r", {}, true],
    ["the main checkout's root with a slash", "/r/", {}, true],
    ["the legacy // prefix", "//r/src", {}, true],
    ["a path that climbs back into the main checkout", "/tmp/../r/src", {}, true],
    ["a path under .claude but outside this worktree", "/r/.claude/worktrees/OTHER", {}, true],
    ["~/ into the main checkout", "~/repo/x", HOME_ROOT, true],
    ["~/ onto the main checkout's root", "~/repo", HOME_ROOT, true],
    ["an absolute path into this worktree", "/r/.claude/worktrees/T/out", {}, false],
    ["this worktree itself", "/r/.claude/worktrees/T", {}, false],
    ["// into this worktree", "//r/.claude/worktrees/T/out", {}, false],
    ["~/ into this worktree", "~/repo/.claude/worktrees/T/out", HOME_ROOT, false],
    ["~/ elsewhere", "~/.cache", HOME_ROOT, false],
    ["~/ without a known home", "~/repo/x", { ...HOME_ROOT, home: undefined }, false],
    ["a path elsewhere", "/tmp/x", {}, false],
    ["a sibling with a common prefix", "/rx/src", {}, false],
    ["a relative ./ path", "./out", {}, false],
    ["a relative path", "out", {}, false],
    ["the main checkout itself, checking the main checkout", "/r/src", { worktreePath: ROOT }, false],
    ["// into the main checkout, checking the main checkout", "//r/src", { worktreePath: ROOT }, false],
    ["~/ into the main checkout, checking the main checkout", "~/repo/x", { ...HOME_ROOT, worktreePath: "/home/u/repo" }, false],
  ])("%s (%s) → warns: %s", (_name, entry, over, warns) => {
    const found = withId(findings([allowWrite(["/tmp/ok", entry])], over), "sandbox-allow-write-main-checkout");
    if (warns) {
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: "warning", file: FILES.project, jsonPath: "sandbox.filesystem.allowWrite[1]" });
      expect(found[0]?.message).toContain(entry);
    } else {
      expect(found).toEqual([]);
    }
  });

  it.each<[string, string, Partial<PolicyInput>]>([
    ["the filesystem root", "/", {}],
    ["the parent of the main checkout", "/home/u", HOME_ROOT],
    ["the home folder (~/), which holds the main checkout", "~/", HOME_ROOT],
  ])("an ancestor of the main checkout (%s: %s) lets the session write into it → warns", (_name, entry, over) => {
    expect(withId(findings([allowWrite([entry])], over), "sandbox-allow-write-main-checkout")).toHaveLength(1);
  });

  it.each(FILE_SCOPES.map((s) => [s] as const))("checked in %s settings", (scope) => {
    expect(withId(findings([allowWrite(["/r/src"], scope)]), "sandbox-allow-write-main-checkout")[0]?.file).toBe(FILES[scope]);
  });

  it("one warning per offending entry, with its index", () => {
    const found = withId(findings([allowWrite(["/r/a", "out", "//r/b", "/r/.claude/worktrees/T/c"])]), "sandbox-allow-write-main-checkout");
    expect(found.map((f) => f.jsonPath)).toEqual(["sandbox.filesystem.allowWrite[0]", "sandbox.filesystem.allowWrite[2]"]);
  });
});

describe("evaluatePolicy: settings-symlink-outside", () => {
  it.each<[Scope, string | undefined, boolean]>([
    ["project", "/home/u/dotfiles/claude-settings.json", true],
    ["local", "/home/u/dotfiles/settings.local.json", true],
    ["local-legacy", "/tmp/evil.json", true],
    ["project", "/rx/settings.json", true],
    ["project", "/r/config/claude-settings.json", false],
    ["project", "/r/.claude/worktrees/T/shared/settings.json", false],
    ["local", "/r/.claude/shared.json", false],
    ["local-legacy", "/r/.claude/settings.local.json", false],
    ["project", undefined, false],
    ["user", "/home/u/dotfiles/settings.json", false],
    ["user", "/tmp/evil.json", false],
    ["managed", "/opt/policy/managed-settings.json", false],
    ["managed", "/tmp/evil.json", false],
  ])("%s settings symlinked to %s → warns: %s", (scope, symlinkTarget, warns) => {
    const found = withId(findings([src(scope, {}, { symlinkTarget })]), "settings-symlink-outside");
    if (warns) {
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: "warning", file: FILES[scope] });
    } else {
      expect(found).toEqual([]);
    }
  });

  it("also for a file Claude Code would reject (data undefined)", () => {
    expect(ids(findings([src("project", undefined, { symlinkTarget: "/tmp/x.json" })]))).toEqual(["settings-symlink-outside"]);
  });
});

describe("evaluatePolicy: settings-local-tracked", () => {
  it.each<[Scope, boolean | undefined, boolean]>([
    ["local", true, true],
    ["local-legacy", true, true],
    ["local", false, false],
    ["local", undefined, false],
  ])("%s with tracked %s → warns: %s", (scope, tracked, warns) => {
    const found = withId(findings([src(scope, {}, { tracked })]), "settings-local-tracked");
    if (warns) {
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: "warning", file: FILES[scope] });
    } else {
      expect(found).toEqual([]);
    }
  });
});

describe("evaluatePolicy: clean input", () => {
  it("good settings everywhere → no findings, worktree from the highest", () => {
    const sources = [
      src("user", { worktree: { bgIsolation: "worktree", baseRef: "head" } }),
      src("project", { worktree: { symlinkDirectories: ["node_modules"], sparsePaths: ["packages/a"] }, sandbox: { filesystem: { allowWrite: ["./out", "/tmp"] } } }),
      src("local", { worktree: { bgIsolation: "worktree" } }, { tracked: false }),
      src("managed", { model: "x" }),
    ];
    const result = evaluatePolicy(input(sources));
    expect(result.findings).toEqual([]);
    expect(result.bgIsolation).toEqual({ value: "worktree", source: { scope: "local", file: FILES.local } });
  });
});

describe("evaluatePolicy: every finding is complete", () => {
  const everything: SettingsSource[] = [
    bg("env", "off"),
    src("managed", { worktree: "x" }),
    src("local", { worktree: { bgIsolation: "none", baseRef: "main" } }, { tracked: true, symlinkTarget: "/tmp/l.json" }),
    src("local-legacy", { worktree: { bgIsolation: true, symlinkDirectories: "node_modules" } }, { tracked: true }),
    src("project", { worktree: { sparsePaths: ["/etc", "..", ""] }, sandbox: { filesystem: { allowWrite: ["/r/src", "//r/x"] } } }, { symlinkTarget: "/etc/p.json" }),
    src("user", { sandbox: { filesystem: { allowWrite: "/r" } } }),
  ];
  const cases: [string, PolicyInput][] = [
    ["no approval", input(everything, { userApproval: true })],
    ["expired approval", input(everything, { approval: approved("2020-01-01") })],
  ];
  it.each(cases)("%s", (_name, policyInput) => {
    const result = evaluatePolicy(policyInput);
    const seen = new Set(ids(result.findings));
    for (const id of [
      "bg-isolation-invalid",
      "settings-wrong-type",
      "base-ref-invalid",
      "worktree-paths-invalid",
      "sandbox-allow-write-main-checkout",
      "settings-symlink-outside",
      "settings-local-tracked",
    ]) {
      expect(seen, id).toContain(id);
    }
    expect([...seen].some((id) => id === "bg-isolation-none-unapproved" || id === "bg-isolation-none-approval-expired")).toBe(true);
    for (const finding of result.findings) {
      expect(finding.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(["error", "warning"]).toContain(finding.severity);
      expect(typeof finding.message).toBe("string");
      expect(finding.message.trim().length).toBeGreaterThan(0);
      expect(typeof finding.fix).toBe("string");
      expect(finding.fix.trim().length).toBeGreaterThan(0);
    }
  });

  it("does not change its input", () => {
    const sources = [bg("user", "none"), bg("env", "worktree"), bg("managed", "none")];
    const copy = structuredClone(sources);
    evaluatePolicy(input(sources, { approval: APPROVED }));
    effectiveBgIsolation(sources);
    expect(sources).toEqual(copy);
  });
});

describe("evaluatePolicy: relative sandbox paths and symlinks into the worktree", () => {
  it.each([
    ["../../../src", "project", true], // resolves from the worktree to /r/src
    ["../../..", "local", true], // the main checkout itself
    ["out", "project", false],
    ["../../../src", "user", false], // relative to ~/.claude in the user's file
  ] as const)("allowWrite %j in %s settings → warns: %s", (entry, scope, warns) => {
    expect(withId(findings([allowWrite([entry], scope)]), "sandbox-allow-write-main-checkout")).toHaveLength(warns ? 1 : 0);
  });

  it("a settings file linked to a file of its own worktree, which lies outside the main checkout, does not warn", () => {
    const outsideWt = "/elsewhere/wt";
    const source = src("project", {}, { file: `${outsideWt}/.claude/settings.json`, symlinkTarget: `${outsideWt}/shared/settings.json` });
    expect(findings([source], { worktreePath: outsideWt })).toEqual([]);
  });
});
