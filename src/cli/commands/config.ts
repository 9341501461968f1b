import type { Command } from "commander";
import type { Deps } from "../../deps.ts";

// Declarations only.
export function registerConfig(program: Command, deps: Deps): void {
  const config = program.command("config").description("cwt.config.json: its JSON Schema");
  config
    .command("schema")
    .description("print the JSON Schema of cwt.config.json, generated from the schema cwt validates with")
    .action(async () => (await import("./config.run.ts")).runSchema(deps));
}
