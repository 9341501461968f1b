// The schema of cwt.config.json (the team's, committed) and of the per-user config.
// Pure: parse text → config or a list of `path: message` issues. No file access here.
import { MAX_SPARSE_PATHS, sparsePathProblem } from "../policy/sparse-paths.ts";
import { hasControlChars } from "../policy/text.ts";
import { z } from "zod";

/** A calendar day that exists (Date.parse rolls 2027-02-30 over into March). */
function realDay(day: string): boolean {
  return new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

export const TEMPLATE_VARIABLES = ["ticket", "repo"] as const;

function templateIssues(value: string): string | undefined {
  const unknown = [...value.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1] ?? "")
    .filter((name) => !(TEMPLATE_VARIABLES as readonly string[]).includes(name));
  if (unknown.length > 0) return `unknown template variable {${unknown[0]}} (known: {ticket}, {repo})`;
  if (!value.includes("{ticket}")) return "must contain {ticket}, or every ticket would get the same name";
  return undefined;
}

const template = z
  .string()
  .min(1)
  .max(200)
  .superRefine((value, ctx) => {
    const problem = templateIssues(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const noControl = (value: string): boolean => !hasControlChars(value);

export const configSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .describe("Where editors find this file's JSON Schema, e.g. ./node_modules/cwt/schema/cwt.config.schema.json (cwt config schema prints it). cwt ignores it"),
    worktreeRoot: z
      .string()
      .min(1)
      .max(1024)
      .refine(noControl, "must not contain control characters")
      .optional()
      .describe("Folder that holds the worktrees: relative to the main checkout, or absolute. Default: .claude/worktrees"),
    folderTemplate: template
      .refine((v) => !/[\\/]/.test(v), "must be a single folder name (no / or \\)")
      .optional()
      .describe("Name of each worktree's folder inside worktreeRoot: must contain {ticket}; {repo} is the main checkout's folder name; no other {variable}, no / or \\. Default: {ticket}"),
    branchTemplate: template.optional().describe("Name of each worktree's branch: must contain {ticket}; {repo} is the main checkout's folder name; no other {variable}. Default: worktree-{ticket}"),
    ticketPattern: z
      .string()
      .min(1)
      .max(500)
      .refine((v) => {
        try {
          new RegExp(v, "u");
          return true;
        } catch {
          return false;
        }
      }, "is not a valid regular expression")
      .optional()
      .describe("Regular expression (JavaScript, u flag) a new ticket must match in full, e.g. ^[A-Z]+-\\d+$. Default: any ticket cwt accepts"),
    defaultBase: z
      .string()
      .min(1)
      .max(255)
      .refine((v) => !v.startsWith("-") && noControl(v), "must be a git ref name")
      .optional()
      .describe("Ref new worktrees branch from, e.g. main or origin/main (must not start with -). Default: the main checkout's HEAD"),
    fillSubmodules: z
      .boolean()
      .optional()
      .describe("Whether cwt new checks out the new worktree's submodules (nested ones too) from the main checkout's own copies, without network. Default: true"),
    sparsePaths: z
      .array(
        z
          .string()
          .min(1)
          .max(4096)
          .superRefine((value, ctx) => {
            const problem = sparsePathProblem(value);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
          }),
      )
      .max(MAX_SPARSE_PATHS)
      .optional()
      .describe(
        'Folders (relative to the repository root) a new worktree checks out, with git sparse-checkout in cone mode: only these plus root-level files are written, e.g. ["services/api", "libs/shared"]. [] means a full checkout. Default: Claude Code\'s worktree.sparsePaths, else a full checkout',
      ),
    disposable: z
      .array(z.string().min(1).max(4096).refine(noControl, "must not contain control characters"))
      .max(256)
      .optional()
      .describe(
        'Ignored files that may go with a worktree when cwt rm or prune removes it, as .gitignore patterns, e.g. ["*.log", "tmp/"]. They add to the built-in list (node_modules/, dist/, build/, target/, caches, .DS_Store ...). Every other ignored file that .worktreeinclude did not copy in counts as work: removal refuses',
      ),
    claudeCommand: z
      .array(z.string().min(1).max(4096).refine(noControl, "must not contain control characters"))
      .min(1)
      .max(64)
      .optional()
      .describe("Command cwt launch runs instead of claude, as an argument array, e.g. [\"claude\", \"--model\", \"opus\"]. Per-user config only: cwt refuses it in the team's cwt.config.json"),
    approvals: z
      .strictObject({
        bgIsolationNone: z
          .strictObject({
            by: z.string().min(1).max(254).refine(noControl, "must not contain control characters").describe("Who approved"),
            reason: z.string().min(1).max(2000).describe("Why the shared checkout may be edited directly"),
            until: z
              .string()
              .refine(
                (v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v)) && realDay(v.slice(0, 10)),
                "must be a date, YYYY-MM-DD (valid through that day, UTC), or an ISO date-time with a time zone",
              )
              .optional()
              .describe("Last day the approval holds: YYYY-MM-DD (valid through that day, UTC) or an ISO date-time with a time zone. Default: no end"),
          })
          .optional()
          .describe('Approval for worktree.bgIsolation "none" (only the team\'s cwt.config.json counts)'),
      })
      .optional()
      .describe("Recorded approvals of Claude Code settings cwt's policy check would otherwise flag (only the team's cwt.config.json counts)"),
    guard: z
      .strictObject({
        mainCheckout: z
          .enum(["allow", "deny"])
          .optional()
          .describe('"deny": the edit guard (cwt claude guard) refuses edits in the main checkout from a session started there. Default "allow"'),
      })
      .optional()
      .describe("The edit guard's team rules (only the team's cwt.config.json counts)"),
    postCreate: z
      .array(
        z
          .array(z.string().max(16384).refine((v) => !v.includes("\u0000"), "must not contain NUL characters"), {
            error: (issue) => (typeof issue.input === "string" ? 'must be an argument array such as ["npm", "ci"], not a shell string' : undefined),
          })
          .min(1, "must name a command")
          .max(256)
          .refine((argv) => argv[0] === undefined || (argv[0] !== "" && noControl(argv[0])), "the command (first element) must be a non-empty name or path without control characters"),
        { error: (issue) => (typeof issue.input === "string" ? 'must be a list of argument arrays such as [["npm", "ci"]], not a shell string' : undefined) },
      )
      .max(20)
      .optional()
      .describe(
        'Commands run in each new worktree, in order, each an argument array (never a shell string), e.g. [["npm", "ci"]]. Each user approves this exact list once per repository before it runs (team\'s cwt.config.json only)',
      ),
  })
  .describe("cwt configuration");

export type ConfigFile = z.infer<typeof configSchema>;

export type ParseResult = { ok: true; config: ConfigFile } | { ok: false; issues: string[] };

/** Parses one config file's text. Every problem is reported, each as `path: message`. */
export function parseConfigText(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, issues: [`not valid JSON (${(error as Error).message})`] };
  }
  const result = configSchema.safeParse(data);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    issues: result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") return issue.keys.map((k) => `${[...issue.path, k].join(".")}: unknown key`);
      return [`${issue.path.length > 0 ? issue.path.join(".") : "(top level)"}: ${issue.message}`];
    }),
  };
}

export { type Config, DEFAULT_CONFIG, DEFAULT_GUARD, type GuardConfig, guardConfig, mergeConfig } from "./defaults.ts";
