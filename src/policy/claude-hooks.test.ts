import { describe, expect, it } from "vitest";
import {
  checkSettingsText,
  commandPrefixWords,
  cwtSubcommandOf,
  detectFormatting,
  findCwtHooks,
  GUARD_MATCHER,
  judgeHooks,
  planInstall,
  planUninstall,
  type ScopeHooks,
  shellQuote,
} from "./claude-hooks.ts";

const FULL = {
  hooks: {
    WorktreeCreate: [{ hooks: [{ type: "command", command: "cwt claude worktree-create" }] }],
    WorktreeRemove: [{ hooks: [{ type: "command", command: "cwt claude worktree-remove" }] }],
    PreToolUse: [{ matcher: GUARD_MATCHER, hooks: [{ type: "command", command: "cwt claude guard || exit 1" }] }],
  },
};

function installed(text: string | undefined, word = "cwt", guard = true): string {
  const r = planInstall(text, word, guard);
  if (r.kind !== "ok") throw new Error(r.problem);
  return r.text;
}

function uninstalled(text: string): string {
  const r = planUninstall(text);
  if (r.kind !== "ok") throw new Error(r.problem);
  return r.text;
}

describe("cwtSubcommandOf", () => {
  it.each([
    ["cwt claude guard", "guard"],
    ["cwt claude guard || exit 1", "guard"],
    ["'/a b/cwt.js' claude guard ||exit 1", "guard"],
    ["/usr/local/bin/cwt claude worktree-create", "worktree-create"],
    ["'/home/a b/cwt/bin/cwt.js' claude worktree-remove", "worktree-remove"],
    ["node /opt/cwt/bin/cwt.js claude guard  ", "guard"],
  ])("%s is cwt's %s hook", (command, sub) => {
    expect(cwtSubcommandOf(command)).toBe(sub);
  });

  it.each(["mycwt claude guard", "cwt claude guard --verbose", "cwt claude guard || exit 2", "cwt claude guard || true", "cwt claude launch", "echo cwt", "other-tool claude guard"])("%s is not cwt's", (command) => {
    expect(cwtSubcommandOf(command)).toBeUndefined();
  });
});

describe("shellQuote", () => {
  it("leaves plain paths alone and single-quotes anything else, escaping quotes", () => {
    expect(shellQuote("/usr/lib/node_modules/cwt/bin/cwt.js")).toBe("/usr/lib/node_modules/cwt/bin/cwt.js");
    expect(shellQuote("/home/a b/bin/cwt.js")).toBe("'/home/a b/bin/cwt.js'");
    expect(shellQuote("/x/it's/$HOME/cwt.js")).toBe("'/x/it'\\''s/$HOME/cwt.js'");
  });
});

describe("planInstall", () => {
  it("creates the three entries in a missing file, as pretty JSON", () => {
    const text = installed(undefined);
    expect(JSON.parse(text)).toEqual(FULL);
    expect(text).toBe(`${JSON.stringify(FULL, null, 2)}\n`);
  });

  it("--no-guard leaves out PreToolUse, and removes cwt's guard from an earlier install", () => {
    expect(JSON.parse(installed(undefined, "cwt", false))).toEqual({ hooks: { WorktreeCreate: FULL.hooks.WorktreeCreate, WorktreeRemove: FULL.hooks.WorktreeRemove } });
    const unguarded = installed(installed(undefined), "cwt", false);
    expect(JSON.parse(unguarded).hooks.PreToolUse).toBeUndefined();
    // and back
    expect(JSON.parse(installed(unguarded))).toEqual(FULL);
  });

  it("is idempotent: a second install changes nothing", () => {
    const once = installed(undefined);
    const r = planInstall(once, "cwt", true);
    expect(r).toMatchObject({ kind: "ok", changed: false, text: once });
  });

  it("keeps other keys and other hooks on the same and other events exactly", () => {
    const before = {
      $schema: "https://json.schemastore.org/claude-code-settings.json",
      permissions: { allow: ["Bash(npm test)"] },
      hooks: {
        PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./check-bash.sh" }] }],
        Stop: [{ hooks: [{ type: "command", command: "say done" }] }],
      },
    };
    const text = installed(`${JSON.stringify(before, null, 2)}\n`);
    const after = JSON.parse(text);
    expect(after.$schema).toBe(before.$schema);
    expect(after.permissions).toEqual(before.permissions);
    expect(after.hooks.Stop).toEqual(before.hooks.Stop);
    expect(after.hooks.PreToolUse).toEqual([...before.hooks.PreToolUse, FULL.hooks.PreToolUse[0]]);
    expect(after.hooks.WorktreeCreate).toEqual(FULL.hooks.WorktreeCreate);
  });

  it("replaces cwt's entries when cwt's path changed, and collapses duplicates", () => {
    const old = installed(undefined, "/old/place/bin/cwt.js");
    const dup = JSON.parse(old);
    dup.hooks.WorktreeCreate.push({ hooks: [{ type: "command", command: "cwt claude worktree-create" }] });
    const text = installed(JSON.stringify(dup, null, 2), "'/new place/bin/cwt.js'");
    const data = JSON.parse(text);
    expect(data.hooks.WorktreeCreate).toEqual([{ hooks: [{ type: "command", command: "'/new place/bin/cwt.js' claude worktree-create" }] }]);
    expect(findCwtHooks(data).map((h) => h.command)).toEqual([
      "'/new place/bin/cwt.js' claude worktree-create",
      "'/new place/bin/cwt.js' claude worktree-remove",
      "'/new place/bin/cwt.js' claude guard || exit 1",
    ]);
  });

  it("edits a path change in place, keeping the hook's other fields (a timeout)", () => {
    const text = `{\n  "hooks": {\n    "WorktreeCreate": [\n      {\n        "hooks": [\n          {\n            "type": "command",\n            "command": "/old/cwt claude worktree-create",\n            "timeout": 120\n          }\n        ]\n      }\n    ]\n  }\n}\n`;
    const out = installed(text, "cwt", false);
    const edited = text.replace("/old/cwt claude", "cwt claude");
    expect(out.startsWith(edited.slice(0, edited.lastIndexOf("]") + 1))).toBe(true); // in place: nothing before it moved
    expect(JSON.parse(out).hooks.WorktreeCreate[0].hooks[0]).toEqual({ type: "command", command: "cwt claude worktree-create", timeout: 120 });
  });

  it("moves the guard out of a group with another matcher instead of widening that group", () => {
    const text = JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./mine" }, { type: "command", command: "cwt claude guard" }] }] } });
    const data = JSON.parse(installed(text));
    expect(data.hooks.PreToolUse).toEqual([{ matcher: "Bash", hooks: [{ type: "command", command: "./mine" }] }, FULL.hooks.PreToolUse[0]]);
  });

  it("follows the file's indentation (tabs, 4 spaces) and CRLF line ends", () => {
    expect(detectFormatting('{\n\t"a": 1\n}')).toMatchObject({ insertSpaces: false });
    expect(detectFormatting('{\r\n    "a": 1\r\n}\r\n')).toEqual({ insertSpaces: true, tabSize: 4, eol: "\r\n" });
    const out = installed('{\r\n    "a": 1\r\n}\r\n');
    expect(out).toContain('\r\n    "hooks": {\r\n        "WorktreeCreate": [');
    expect(out.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("keeps a byte-order mark", () => {
    const out = installed('\uFEFF{\n  "a": 1\n}\n');
    expect(out.startsWith('\uFEFF{\n  "a": 1,\n  "hooks"')).toBe(true);
  });

  it("names other WorktreeCreate/WorktreeRemove hooks (Claude Code runs them too)", () => {
    const r = planInstall(JSON.stringify({ hooks: { WorktreeCreate: [{ hooks: [{ type: "command", command: "./make-tree.sh" }] }] } }), "cwt", true);
    expect(r.kind === "ok" && r.foreign).toEqual([{ event: "WorktreeCreate", command: "./make-tree.sh" }]);
  });

  it.each([
    ['{\n  // mine\n  "a": 1\n}', /comment/],
    ['{ "a": 1, }', /trailing comma/],
    ["{ not json", /not valid JSON/],
    ["[]", /top level is not a JSON object/],
    ["", /empty/],
    ['{ "hooks": [] }', /"hooks" is an array, not an object/],
    ['{ "hooks": { "PreToolUse": {} } }', /"hooks.PreToolUse" is an object, not an array/],
    ['{ "hooks": { "WorktreeCreate": ["cwt"] } }', /"hooks.WorktreeCreate\[0\]" is a string/],
    ['{ "hooks": { "WorktreeCreate": [{ "hooks": "cwt" }] } }', /"hooks.WorktreeCreate\[0\].hooks" is a string/],
    ['{ "hooks": {}, "hooks": {} }', /hooks appears more than once/],
  ])("refuses %j", (text, problem) => {
    const r = planInstall(text, "cwt", true);
    expect(r.kind).toBe("invalid");
    expect(r.kind === "invalid" && r.problem).toMatch(problem);
    expect(planUninstall(text).kind).toBe("invalid");
  });

  it("accepts wrong types on events it does not manage (not its business)", () => {
    expect(planInstall('{ "hooks": { "Stop": "x" } }', "cwt", true).kind).toBe("ok");
  });
});

describe("planUninstall", () => {
  const pretty = `{
  "permissions": {
    "allow": [
      "Bash(npm test)"
    ]
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          {
            "type": "command",
            "command": "./check-bash.sh"
          }
        ]
      }
    ],
    "Stop": [
      {
        "hooks": []
      }
    ]
  }
}
`;

  it("restores a pretty file byte for byte after install, with and without the guard", () => {
    expect(uninstalled(installed(pretty))).toBe(pretty);
    expect(uninstalled(installed(pretty, "cwt", false))).toBe(pretty);
    expect(uninstalled(installed(installed(pretty, "/a/cwt"), "cwt", false))).toBe(pretty);
    const noHooks = '{\n  "model": "opus"\n}\n';
    expect(uninstalled(installed(noHooks))).toBe(noHooks);
  });

  it("removes only cwt's hooks from a shared group, and leaves an empty group that was not cwt's", () => {
    const text = JSON.stringify({
      hooks: { PreToolUse: [{ matcher: GUARD_MATCHER, hooks: [{ type: "command", command: "./mine" }, { type: "command", command: "cwt claude guard" }] }], Stop: [] },
    });
    expect(JSON.parse(uninstalled(text))).toEqual({ hooks: { PreToolUse: [{ matcher: GUARD_MATCHER, hooks: [{ type: "command", command: "./mine" }] }], Stop: [] } });
  });

  it("removes from minified files without breaking them (the last element of a one-line array)", () => {
    const text = JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./a" }] }, FULL.hooks.PreToolUse[0]], Stop: [1, 2] } });
    const out = uninstalled(text);
    expect(out).toBe(JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./a" }] }], Stop: [1, 2] } }));
    expect(uninstalled(JSON.stringify(FULL))).toBe("{}");
  });

  it("changes nothing when no cwt hook is there", () => {
    expect(planUninstall(pretty)).toMatchObject({ kind: "ok", changed: false, text: pretty });
  });

  it("of a file install created leaves an empty object", () => {
    expect(JSON.parse(uninstalled(installed(undefined)))).toEqual({});
  });
});

describe("checkSettingsText", () => {
  it("reports the BOM and the body without it", () => {
    expect(checkSettingsText('\uFEFF{"a":1}')).toMatchObject({ kind: "ok", bom: true, body: '{"a":1}' });
  });
});

describe("commandPrefixWords", () => {
  it.each([
    ["cwt claude guard", ["cwt"]],
    ["'/a b/bin/cwt.js' claude guard", ["/a b/bin/cwt.js"]],
    ["'/it'\\''s/cwt.js' claude guard", ["/it's/cwt.js"]],
    ['"/a b/cwt" claude guard', ["/a b/cwt"]],
    ["/a\\ b/cwt claude guard", ["/a b/cwt"]],
    ["node /opt/cwt/bin/cwt.js claude guard", ["node", "/opt/cwt/bin/cwt.js"]],
    ["cwt claude guard || exit 1", ["cwt"]],
  ])("%s → %j", (command, words) => {
    expect(commandPrefixWords(command)).toEqual(words);
  });

  it.each(["$HOME/bin/cwt claude guard", "~/bin/cwt claude guard", "FOO=1 cwt claude guard", "`which cwt` claude guard", '"$X" claude guard'])("%s needs a shell", (command) => {
    expect(commandPrefixWords(command)).toBeUndefined();
  });
});

describe("judgeHooks", () => {
  const hook = (event: "WorktreeCreate" | "WorktreeRemove" | "PreToolUse", resolves: boolean | null) => ({
    event,
    subcommand: ({ WorktreeCreate: "worktree-create", WorktreeRemove: "worktree-remove", PreToolUse: "guard" } as const)[event],
    command: "cwt claude x",
    jsonPath: `hooks.${event}[0].hooks[0]`,
    resolves,
    resolvedTo: resolves ? "/bin/cwt" : null,
  });
  const scope = (name: ScopeHooks["scope"], hooks: ScopeHooks["hooks"]): ScopeHooks => ({ scope: name, file: `/${name}.json`, hooks });

  it("says nothing when no scope has cwt's hooks", () => {
    expect(judgeHooks([scope("local", []), scope("user", [])])).toEqual([]);
  });

  it("info when installed and resolving", () => {
    const f = judgeHooks([scope("local", [hook("WorktreeCreate", true), hook("WorktreeRemove", true), hook("PreToolUse", null)])]);
    expect(f.map((x) => [x.id, x.severity])).toEqual([["claude-hooks-installed", "info"]]);
    expect(f[0]?.message).toContain("not checked");
  });

  it("a warning for create without remove, also across scopes it counts the union", () => {
    expect(judgeHooks([scope("local", [hook("WorktreeCreate", true)])]).map((x) => [x.id, x.severity])).toEqual([
      ["claude-hooks-installed", "info"],
      ["claude-hooks-partial", "warning"],
    ]);
    expect(judgeHooks([scope("local", [hook("WorktreeCreate", true)]), scope("user", [hook("WorktreeRemove", true)])]).map((x) => x.id)).toEqual([
      "claude-hooks-installed",
      "claude-hooks-installed",
    ]);
  });

  it("an error per command that no longer resolves, and a warning for duplicates", () => {
    const f = judgeHooks([scope("local", [hook("WorktreeCreate", false), hook("WorktreeRemove", true)]), scope("project", [hook("WorktreeRemove", true)])]);
    expect(f.map((x) => [x.id, x.severity, x.file])).toEqual([
      ["claude-hook-unresolvable", "error", "/local.json"],
      ["claude-hooks-installed", "info", "/project.json"],
      ["claude-hooks-duplicate", "warning", "/local.json"],
    ]);
    expect(f[0]?.jsonPath).toBe("hooks.WorktreeCreate[0].hooks[0].command");
  });
});
