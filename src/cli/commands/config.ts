import type { Command } from "commander";
import type { Deps } from "../../deps.ts";
import { withExamples } from "../help.ts";

// Declarations only.
export function registerConfig(program: Command, deps: Deps): void {
  const config = program.command("config").description("cwt.config.json: its JSON Schema");
  const schema = config
    .command("schema")
    .description("print the JSON Schema of cwt.config.json, generated from the schema cwt validates with")
    .action(async () => (await import("./config.run.ts")).runSchema(deps));
  withExamples(config, [
    ["cwt config schema > cwt.config.schema.json", "the JSON Schema, for an editor"],
    ["cwt config schema | jq .properties", "the keys and what they mean"],
  ]);
  withExamples(schema, [
    ["cwt config schema > cwt.config.schema.json", "a copy for an editor or a CI check"],
    ["cwt config schema | jq '.properties | keys'", "the keys cwt.config.json may hold"],
  ]);
}
