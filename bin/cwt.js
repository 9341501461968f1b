#!/usr/bin/env node
// CommonJS (bin/package.json): `cwt claude guard` runs before every edit Claude Code makes and
// `cwt path T` many times a day, and a CommonJS file starts without Node's ESM loader. Everything
// else (and any `path` the fast answer cannot give) is the ESM bundle.
"use strict";
const argv = process.argv.slice(2);
if (argv.length === 2 && argv[0] === "claude" && argv[1] === "guard") {
  require("../dist/guard.cjs");
} else if (argv.length === 2 && argv[0] === "path" && require("../dist/path.cjs").tryPath(argv[1])) {
  // answered from the file system (the common case); otherwise the full command below
} else if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${require("../package.json").version}\n`);
} else {
  import("../dist/cli.js");
}
