// The one place that pins the Claude Code the lab runs (README "The Claude Code lab").
export const CLAUDE_CODE_VERSION = "2.1.331";
export const CLAUDE_CODE_PACKAGE = "@anthropic-ai/claude-code-linux-x64";
