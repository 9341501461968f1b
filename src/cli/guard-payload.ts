// The PreToolUse payload `cwt claude guard` reads, validated with zod/mini: tree-shaken it is a few
// KB, where full zod is hundreds, and the guard starts on every edit. scripts/build.mjs bundles this
// module on its own first: in the split bundle its zod/mini would share one chunk with full zod's
// core (about 650 KB, loaded on every edit). Unknown fields are allowed everywhere: Claude Code
// adds common fields from version to version.
import * as z from "zod/mini";

const payloadSchema = z.looseObject({
  hook_event_name: z.literal("PreToolUse"),
  cwd: z.optional(z.string()),
  tool_name: z.string(),
  tool_input: z.optional(z.unknown()),
});
const filePathInput = z.looseObject({ file_path: z.optional(z.string()) });
const notebookPathInput = z.looseObject({ notebook_path: z.optional(z.string()) });

export interface Payload {
  readonly cwd: string | undefined;
  readonly toolName: string;
  readonly toolInput: unknown;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function issueText(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  if (issue.code === "invalid_type") return `${where}: expected ${issue.expected}`;
  if (issue.code === "invalid_value") return `${where}: expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
  return `${where}: ${issue.message}`;
}

/** The fields the guard uses, from the parsed JSON of stdin. */
export function parsePayload(data: unknown): Parsed<Payload> {
  const parsed = payloadSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problem: issueText(parsed.error) };
  return { ok: true, value: { cwd: parsed.data.cwd, toolName: parsed.data.tool_name, toolInput: parsed.data.tool_input } };
}

/** The file a tool input names in `field` (undefined when it names none). */
export function parseToolPath(field: "file_path" | "notebook_path", toolInput: unknown): Parsed<string | undefined> {
  if (field === "notebook_path") {
    const parsed = notebookPathInput.safeParse(toolInput);
    return parsed.success ? { ok: true, value: parsed.data.notebook_path } : { ok: false, problem: issueText(parsed.error) };
  }
  const parsed = filePathInput.safeParse(toolInput);
  return parsed.success ? { ok: true, value: parsed.data.file_path } : { ok: false, problem: issueText(parsed.error) };
}
