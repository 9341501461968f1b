#!/usr/bin/env node
// CommonJS (bin/package.json): `cwt claude guard` runs before every edit Claude Code makes, and a
// CommonJS file starts without Node's ESM loader. Everything else is the ESM bundle.
"use strict";
const argv = process.argv.slice(2);
if (argv.length === 2 && argv[0] === "claude" && argv[1] === "guard") {
  require("../dist/guard.cjs");
} else if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${require("../package.json").version}\n`);
} else {
  import("../dist/cli.js");
}
