// Pure: one Claude Code settings file's text → its data and the findings about its syntax.
// Claude Code reads settings as strict JSON: comments or trailing commas make the whole file a
// Settings Error (claude-code.md §5), so such a file contributes nothing to the effective settings.
import { type ParseError, printParseErrorCode, visit } from "jsonc-parser";
import type { Finding } from "./findings.ts";

export interface ParsedSettings {
  /** The parsed object, or undefined when Claude Code would reject the file. */
  readonly data: Record<string, unknown> | undefined;
  readonly findings: readonly Finding[];
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describe(code: ParseError["error"]): string {
  switch (printParseErrorCode(code)) {
    case "InvalidCommentToken":
      return "a comment (Claude Code reads strict JSON)";
    case "PropertyNameExpected":
    case "ValueExpected":
      return "a missing value or a trailing comma";
    default:
      return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  }
}

export function parseSettingsText(rawText: string, file: string): ParsedSettings {
  const findings: Finding[] = [];
  let text = rawText;
  if (text.startsWith("\uFEFF")) {
    findings.push({
      id: "settings-bom",
      severity: "warning",
      file,
      message: "the file starts with a byte-order mark",
      fix: "save the file as UTF-8 without BOM",
    });
    text = text.slice(1);
  }
  const errors: ParseError[] = [];
  const seen: Set<string>[] = [];
  const duplicates: { path: string; line: number; column: number }[] = [];
  try {
    visit(
      text,
      {
        onObjectBegin: () => void seen.push(new Set()),
        onObjectEnd: () => void seen.pop(),
        onObjectProperty: (property, _offset, _length, startLine, startCharacter, pathSupplier) => {
          const keys = seen[seen.length - 1];
          if (!keys) return;
          if (keys.has(property)) {
            duplicates.push({ path: [...pathSupplier(), property].join("."), line: startLine + 1, column: startCharacter + 1 });
          }
          keys.add(property);
        },
        onError: (error, offset, length) => void errors.push({ error, offset, length }),
      },
      { disallowComments: true, allowTrailingComma: false },
    );
  } catch (error) {
    if (error instanceof RangeError) {
      return {
        data: undefined,
        findings: [...findings, { id: "settings-too-deep", severity: "error", file, message: "the JSON is nested too deeply to read", fix: "flatten the file; Claude Code settings are at most a few levels deep" }],
      };
    }
    throw error;
  }
  // jsonc-parser may report one mistake twice at the same offset (a trailing comma): count places.
  const places = new Set(errors.map((e) => e.offset)).size;
  const first = errors[0];
  if (first) {
    const at = position(text, first.offset);
    return {
      data: undefined,
      findings: [
        ...findings,
        {
          id: "settings-invalid-json",
          severity: "error",
          file,
          line: at.line,
          column: at.column,
          message: `not valid JSON at line ${at.line}, column ${at.column}: ${describe(first.error)}${places > 1 ? ` (and ${places - 1} more)` : ""}; Claude Code rejects the whole file`,
          fix: "make the file strict JSON (no comments, no trailing commas)",
        },
      ],
    };
  }
  for (const d of duplicates) {
    findings.push({
      id: "settings-duplicate-key",
      severity: "warning",
      file,
      jsonPath: d.path,
      line: d.line,
      column: d.column,
      message: `the key ${d.path} appears more than once; only the last one counts`,
      fix: "keep one of them",
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof RangeError ? "the JSON is nested too deeply to read" : `not valid JSON (${(error as Error).message})`;
    return { data: undefined, findings: [...findings, { id: error instanceof RangeError ? "settings-too-deep" : "settings-invalid-json", severity: "error", file, message, fix: "make the file strict JSON" }] };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    findings.push({ id: "settings-not-object", severity: "error", file, message: "the top level is not a JSON object; Claude Code rejects the file", fix: "wrap the settings in { }" });
    return { data: undefined, findings };
  }
  return { data: data as Record<string, unknown>, findings };
}
