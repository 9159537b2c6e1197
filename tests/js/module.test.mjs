// The generated JavaScript rule code decides as protocolc's evaluator: node's own
// test runner imports each module and compares what its `assess` returns with what
// `protocolc eval --json` prints, case by case, and checks that it throws a
// TypeError where `eval` refuses the observations.
//
// tests/js_module.rs writes the cases and runs this file with the environment
// variable PROTOCOLC_JS_CASES naming a JSON list of {name, module, cases, document},
// where `cases` is a JSON file of [{observations, expected}] or, where eval refuses
// the observations, [{observations, refused}] (the problems eval prints, one a line),
// and `document`, when given, the protocol's .json output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const manifest = JSON.parse(readFileSync(process.env.PROTOCOLC_JS_CASES, "utf8"));

function isDeepFrozen(value) {
  if (value === null || typeof value !== "object") return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

for (const { name, module, cases, document } of manifest) {
  test(name, async () => {
    const generated = await import(pathToFileURL(module).href);
    assert.deepEqual(
      Object.keys(generated).sort(),
      ["assess", "generator", "protocol", "questions"],
      "the module's exports",
    );
    assert.ok(isDeepFrozen(generated.protocol), "protocol is deep-frozen");
    assert.ok(isDeepFrozen(generated.questions), "questions is deep-frozen");
    if (document) {
      assert.deepEqual(generated.protocol, JSON.parse(readFileSync(document, "utf8")));
    }
    const list = JSON.parse(readFileSync(cases, "utf8"));
    let decided = 0;
    let refused = 0;
    for (const [n, { observations, expected, refused: problems }] of list.entries()) {
      if (problems !== undefined) {
        assert.throws(
          () => generated.assess(observations),
          (e) => e instanceof TypeError && e.message === problems,
          `${name} case ${n}: ${JSON.stringify(observations)} must be refused with:\n${problems}`,
        );
        refused += 1;
        continue;
      }
      const got = generated.assess(observations);
      // The same value, and the same keys in the same order.
      if (!isDeepStrictEqual(got, expected) || JSON.stringify(got) !== JSON.stringify(expected)) {
        assert.fail(
          `${name} case ${n}: ${JSON.stringify(observations)}\n` +
            `eval --json: ${JSON.stringify(expected)}\nassess:      ${JSON.stringify(got)}`,
        );
      }
      decided += 1;
    }
    console.log(`${name}: ${decided} decided as eval, ${refused} refused as eval`);
  });
}
