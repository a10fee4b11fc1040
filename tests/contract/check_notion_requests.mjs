#!/usr/bin/env node
// Checks the requests the Notion stand-in received (its --request-log: one
// JSON line {method, path, query, body, version} each) against Notion's own
// request types, as @notionhq/client (pinned in package-lock.json) declares
// them: each request becomes one typed constant in a generated .ts file,
// type-checked by the TypeScript compiler (strict, noEmit). An object
// literal assigned to a declared type gets excess-property checks, so a key
// Notion does not know fails like a wrong type does. A method and path
// moim has no business calling fails too, and so does a Notion-Version
// other than the SDK's own. What the types cannot say (text.content
// populated and at most 2,000 characters, at most 100 blocks or rich text
// objects per array) is checked on the values.
//
//   node tests/contract/check_notion_requests.mjs LOG [LOG...]
// Exit 0: every request fits; 1: the problems are printed; 2: bad usage.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const ts = require("typescript");
const { Client } = require("@notionhq/client");

// method, path pattern, the SDK's parameter type, the path parameter's name.
const ENDPOINTS = [
  ["GET", /^\/v1\/databases\/([^/]+)$/, "GetDatabaseParameters", "database_id"],
  ["GET", /^\/v1\/data_sources\/([^/]+)$/, "GetDataSourceParameters", "data_source_id"],
  ["PATCH", /^\/v1\/data_sources\/([^/]+)$/, "UpdateDataSourceParameters", "data_source_id"],
  ["POST", /^\/v1\/data_sources\/([^/]+)\/query$/, "QueryDataSourceParameters", "data_source_id"],
  ["POST", /^\/v1\/pages$/, "CreatePageParameters", null],
  ["GET", /^\/v1\/pages\/([^/]+)$/, "GetPageParameters", "page_id"],
  ["PATCH", /^\/v1\/pages\/([^/]+)$/, "UpdatePageParameters", "page_id"],
  ["GET", /^\/v1\/blocks\/([^/]+)\/children$/, "ListBlockChildrenParameters", "block_id"],
  ["PATCH", /^\/v1\/blocks\/([^/]+)\/children$/, "AppendBlockChildrenParameters", "block_id"],
];
// Query parameters the SDK types as numbers (a URL carries them as text).
const NUMERIC_QUERY = new Set(["page_size"]);
const MAX_TEXT = 2000;
const MAX_ARRAY = 100;

function readRequests(files) {
  const requests = [];
  for (const file of files) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    text.split("\n").forEach((line, idx) => {
      if (line.trim()) requests.push({ where: `${file}:${idx + 1}`, ...JSON.parse(line) });
    });
  }
  return requests;
}

// The SDK's parameters object for one request: path and query parameters
// beside the body's, as the SDK's methods take them.
function parameters(request, pathParam, match) {
  const params = {};
  if (pathParam) params[pathParam] = match[1];
  for (const [name, values] of Object.entries(request.query || {})) {
    const value = Array.isArray(values) && values.length === 1 ? values[0] : values;
    params[name] = NUMERIC_QUERY.has(name) ? Number(value) : value;
  }
  return Object.assign(params, request.body || {});
}

function utf16Length(text) {
  return text.length; // JavaScript strings are UTF-16, as Notion counts
}

// Notion's documented limits the types do not carry.
function limitProblems(value, where, problems) {
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY)
      problems.push(`${where}: ${value.length} elements, Notion allows ${MAX_ARRAY}`);
    value.forEach((item, idx) => limitProblems(item, `${where}[${idx}]`, problems));
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "text" && child && typeof child.content === "string") {
      if (child.content === "")
        problems.push(`${where}.text.content is empty: Notion wants it populated (send [] instead)`);
      if (utf16Length(child.content) > MAX_TEXT)
        problems.push(
          `${where}.text.content has ${utf16Length(child.content)} characters, Notion allows ${MAX_TEXT}`,
        );
    }
    limitProblems(child, `${where}.${key}`, problems);
  }
}

function main(files) {
  if (files.length === 0) {
    console.error("usage: check_notion_requests.mjs LOG [LOG...]");
    return 2;
  }
  const requests = readRequests(files);
  const problems = [];
  const constants = [];
  const used = new Set();
  requests.forEach((request, idx) => {
    const endpoint = ENDPOINTS.find(
      ([method, pattern]) => method === request.method && pattern.test(request.path),
    );
    if (!endpoint) {
      problems.push(`${request.where}: ${request.method} ${request.path} is not an endpoint moim may call`);
      return;
    }
    if (request.version !== undefined && request.version !== Client.defaultNotionVersion)
      problems.push(
        `${request.where}: Notion-Version ${request.version}, the SDK speaks ${Client.defaultNotionVersion}`,
      );
    const [, pattern, typeName, pathParam] = endpoint;
    const params = parameters(request, pathParam, request.path.match(pattern));
    limitProblems(params, `${request.where} ${request.method} ${request.path}`, problems);
    used.add(typeName);
    constants.push(
      `// ${request.where}: ${request.method} ${request.path}\n` +
        `export const request${idx}: ${typeName} = ${JSON.stringify(params, null, 2)};\n`,
    );
  });
  if (constants.length > 0) {
    const source =
      `import type { ${[...used].sort().join(", ")} } from "@notionhq/client";\n\n` +
      constants.join("\n");
    problems.push(...typeCheck(source));
  }
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s) in ${requests.length} Notion request(s):`);
    for (const problem of problems) console.error("  " + problem);
    return 1;
  }
  console.log(`${requests.length} Notion request(s) match @notionhq/client's request types.`);
  return 0;
}

// Type-checks the generated file beside node_modules (so the import
// resolves); the file is removed unless MOIM_KEEP_CONTRACT_TS is set.
function typeCheck(source) {
  const folder = path.join(here, "generated");
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `notion-requests-${process.pid}-${Date.now()}.ts`);
  fs.writeFileSync(file, source);
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ");
      if (!diagnostic.file) return message;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const lines = diagnostic.file.text.split("\n");
      let origin = "";
      for (let at = line; at >= 0; --at) {
        if (lines[at].startsWith("// ")) {
          origin = lines[at].slice(3);
          break;
        }
      }
      return `${origin}\n    ${message}`;
    });
  } finally {
    if (!process.env.MOIM_KEEP_CONTRACT_TS) fs.rmSync(file, { force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
