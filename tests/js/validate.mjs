// Validates JSON documents against a JSON Schema (draft 2020-12) with ajv in strict
// mode: every keyword known, no union types, no ignored keywords, formats checked.
// Usage: node validate.mjs SCHEMA DOCUMENT...   Exit 1 when the schema does not
// compile or a document is invalid, with every error printed.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, ...documents] = process.argv.slice(2);
if (!schemaPath || documents.length === 0) {
  console.error("usage: node validate.mjs SCHEMA DOCUMENT...");
  process.exit(2);
}
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.error(`${schemaPath}: the schema does not compile: ${e.message}`);
  process.exit(1);
}
let failed = false;
for (const path of documents) {
  if (!validate(JSON.parse(readFileSync(path, "utf8")))) {
    failed = true;
    for (const error of validate.errors) {
      console.error(`${path}: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
