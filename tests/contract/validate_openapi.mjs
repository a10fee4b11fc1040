// Validates moim's OpenAPI document: against the OpenAPI 3.1 schema with a
// real validator (@seriousme/openapi-schema-validator), then the rules a
// schema cannot state: every {parameter} in a path template is declared as a
// path parameter of each of its operations and nothing else is, operation ids
// are unique, and every $ref resolves.
//   node validate_openapi.mjs path/to/openapi.json
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";

const file = process.argv[2];
const document = JSON.parse(readFileSync(file, "utf8"));
const problems = [];

const validator = new Validator();
const result = await validator.validate(structuredClone(document));
if (!result.valid) {
  for (const error of [].concat(result.errors ?? [])) problems.push(`schema: ${JSON.stringify(error)}`);
}

function resolve(node) {
  if (node && typeof node.$ref === "string") {
    const target = node.$ref.replace(/^#\//, "").split("/").reduce((at, key) => at?.[key], document);
    if (target === undefined) problems.push(`unresolved $ref ${node.$ref}`);
    return target ?? {};
  }
  return node;
}

function visitRefs(node, where) {
  if (Array.isArray(node)) return node.forEach((item, idx) => visitRefs(item, `${where}[${idx}]`));
  if (node && typeof node === "object") {
    if (typeof node.$ref === "string") resolve(node);
    for (const [key, value] of Object.entries(node)) visitRefs(value, `${where}.${key}`);
  }
}
visitRefs(document, "#");

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const operationIds = new Map();
for (const [path, item] of Object.entries(document.paths ?? {})) {
  const templated = new Set([...path.matchAll(/{([^}]+)}/g)].map((match) => match[1]));
  const shared = (item.parameters ?? []).map(resolve).filter((p) => p.in === "path").map((p) => p.name);
  for (const method of methods) {
    const operation = item[method];
    if (!operation) continue;
    const own = (operation.parameters ?? []).map(resolve).filter((p) => p.in === "path").map((p) => p.name);
    const declared = new Set([...shared, ...own]);
    for (const name of templated)
      if (!declared.has(name)) problems.push(`${method.toUpperCase()} ${path}: path parameter {${name}} is not declared`);
    for (const name of declared)
      if (!templated.has(name)) problems.push(`${method.toUpperCase()} ${path}: declares path parameter ${name} not in the path`);
    for (const parameter of (operation.parameters ?? []).map(resolve))
      if (parameter.in === "path" && parameter.required !== true)
        problems.push(`${method.toUpperCase()} ${path}: path parameter ${parameter.name} must be required`);
    if (operation.operationId) {
      if (operationIds.has(operation.operationId))
        problems.push(`operationId ${operation.operationId} is used twice`);
      operationIds.set(operation.operationId, path);
    }
  }
}

if (problems.length) {
  console.error(`${file}: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`${file}: valid OpenAPI ${document.openapi}, ${Object.keys(document.paths).length} paths`);
