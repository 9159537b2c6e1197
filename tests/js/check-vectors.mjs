// Runs engine.mjs on a protocol's test vectors (its `.vectors.json` in out/) and
// compares each decision with the expected one.
// Usage: node check-vectors.mjs PROTOCOL.json PROTOCOL.vectors.json. Exit 1 at the
// first disagreement, printing both.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { decide } from "./engine.mjs";

const [docPath, vectorsPath] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docPath, "utf8"));
const { vectors } = JSON.parse(readFileSync(vectorsPath, "utf8"));
vectors.forEach(({ observed, expected }, n) => {
  // The vectors list factors answered yes and "possible" apart; the engine takes one map.
  const factors = {};
  observed.factors.forEach((id) => (factors[id] = "yes"));
  observed.possible.forEach((id) => (factors[id] = "possible"));
  const got = decide(doc, { ...observed, factors });
  if (!isDeepStrictEqual(got, expected)) {
    console.error(`${docPath}: vector ${n}: ${JSON.stringify(observed)}`);
    console.error(`expected ${JSON.stringify(expected)}`);
    console.error(`got      ${JSON.stringify(got)}`);
    process.exit(1);
  }
});
console.log(`${docPath}: ${vectors.length} vectors decided alike`);
