#!/usr/bin/env node
// Checks every request the Discord stand-in received (its --request-log, one
// JSON line each: method, path, query, body) against Discord's own API
// description, pinned in package-lock.json (discord-api-spec):
//   1. the path and method exist in the OpenAPI paths (pathsList);
//   2. every query parameter is one the operation declares;
//   3. the JSON body is the operation's request body: type-checked by the
//      TypeScript compiler against Paths[path][method]["requestBody"] (an
//      object literal, so an unknown key is an error), and, where the body
//      type is a named schema, parsed by its zod schema built with strict
//      objects (limits such as name lengths, integer ranges).
// A request that is not Discord's REST API (OAuth2's token exchange, which
// the OpenAPI document does not describe) is listed in NOT_IN_SPEC with the
// page that documents it.
//
// usage: node check_discord_requests.mjs LOG.jsonl [LOG.jsonl ...]
//        node check_discord_requests.mjs --self-test   (wrong requests fail)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const specDir = path.join(here, "node_modules", "discord-api-spec", "build");
const specTypesFile = path.join(specDir, "discord-api-spec.ts");

const NOT_IN_SPEC = {
  // https://discord.com/developers/docs/topics/oauth2#authorization-code-grant
  "POST /oauth2/token": "OAuth2 token exchange (form-encoded, documented in topics/oauth2)",
  "GET /oauth2/authorize": "OAuth2 authorization page (a browser redirect, not the REST API)",
};

// ---- the zod schemas, with strict objects ---------------------------------
// discord-api-spec/zod builds every schema when the module is evaluated,
// with `zObject` as it is then (z.object, which ignores unknown keys);
// setStrictObject() called after the import is too late. So evaluate a copy
// whose zObject starts as z.strictObject, importing the same zod.
async function strictSchemas() {
  const source = fs.readFileSync(path.join(specDir, "discord-api-spec.zod.js"), "utf8");
  const zodMini = pathToFileURL(require.resolve("zod/mini")).href;
  const strict = source
    .replace("let zObject = z.object;", "let zObject = z.strictObject;")
    .replace(/from "zod\/mini"/g, `from ${JSON.stringify(zodMini)}`);
  if (strict === source || !strict.includes("z.strictObject;"))
    throw new Error("discord-api-spec/zod changed shape: cannot make its objects strict");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "discord-zod-")), "strict.mjs");
  fs.writeFileSync(file, strict);
  const schemas = await import(pathToFileURL(file).href);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return schemas;
}

// ---- the operations: path templates, methods, query names, body types ----
function operations() {
  const text = fs.readFileSync(specTypesFile, "utf8");
  const start = text.indexOf("export interface Paths {");
  const lines = text.slice(start).split("\n");
  const found = new Map(); // "GET /guilds/{guild_id}" -> {query: Set|null, body: string|null}
  let currentPath = null;
  let current = null;
  let inQuery = false;
  for (let index = 1; index < lines.length; ++index) {
    const line = lines[index];
    if (line === "}") break;
    let match = line.match(/^  "(\/[^"]*)": \{$/);
    if (match) {
      currentPath = match[1];
      continue;
    }
    match = line.match(/^    (get|put|post|patch|delete): \{$/);
    if (match && currentPath) {
      current = { query: new Set(), queryAllowed: false, body: null };
      found.set(`${match[1].toUpperCase()} ${currentPath}`, current);
      inQuery = false;
      continue;
    }
    if (!current) continue;
    if (/^        query\?: never;/.test(line)) continue;
    if (/^        query\?: \{$/.test(line)) {
      inQuery = true;
      current.queryAllowed = true;
      continue;
    }
    if (inQuery) {
      if (/^        \};$/.test(line)) inQuery = false;
      else if ((match = line.match(/^          (\w+)\??:/))) current.query.add(match[1]);
      continue;
    }
    match = line.match(/^      requestBody\??: (.*)$/);
    if (match) current.body = match[1].replace(/;$/, "").trim();
  }
  return found;
}

function templateRegex(template) {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${escaped}$`);
}

// The operation a request names: of the templates that match, the one with
// the fewest parameters ("/users/@me" before "/users/{user_id}").
function findOperation(ops, method, requestPath) {
  let best = null;
  for (const [key, op] of ops) {
    const space = key.indexOf(" ");
    if (key.slice(0, space) !== method) continue;
    const template = key.slice(space + 1);
    if (!templateRegex(template).test(requestPath)) continue;
    const params = (template.match(/\{/g) || []).length;
    if (!best || params < best.params) best = { template, op, params };
  }
  return best;
}

// ---- TypeScript: every body against its Paths[...] requestBody ------------
async function typeCheck(entries) {
  const ts = (await import("typescript")).default;
  const checks = entries.map(
    (entry, index) =>
      `const body${index}: NonNullable<Paths[${JSON.stringify(entry.template)}][${JSON.stringify(
        entry.method.toLowerCase(),
      )}]["requestBody"]> = ${JSON.stringify(entry.body)};`,
  );
  const checkFile = path.join(specDir, "__moim_requests_check.ts");
  const program = ts.createProgram({
    rootNames: [checkFile],
    options: { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022 },
    host: (() => {
      const host = ts.createCompilerHost({});
      const original = host.getSourceFile.bind(host);
      const content = `import type { Paths } from "./discord-api-spec";\n${checks.join("\n")}\n`;
      host.getSourceFile = (name, language) =>
        path.resolve(name) === checkFile
          ? ts.createSourceFile(name, content, language)
          : original(name, language);
      host.fileExists = ((exists) => (name) => path.resolve(name) === checkFile || exists(name))(
        host.fileExists.bind(host),
      );
      return host;
    })(),
  });
  const problems = new Map(); // entry index -> messages
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    if (!diagnostic.file || path.resolve(diagnostic.file.fileName) !== checkFile) {
      problems.set(-1, [...(problems.get(-1) || []), ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")]);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const index = line - 1; // line 0 is the import
    problems.set(index, [
      ...(problems.get(index) || []),
      ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
    ]);
  }
  return problems;
}

function zodCheck(schemas, bodyType, body) {
  const names = bodyType
    .split("|")
    .map((name) => name.trim())
    .filter((name) => name && name !== "null" && name !== "undefined");
  if (names.some((name) => !/^\w+$/.test(name))) return null; // inline or array: TypeScript only
  const errors = [];
  for (const name of names) {
    const schema = schemas[`${name}Schema`];
    if (!schema) return null;
    const parsed = schema.safeParse(body);
    if (parsed.success) return [];
    errors.push(`${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  return errors;
}

export async function check(requests) {
  const ops = operations();
  const schemas = await strictSchemas();
  const failures = [];
  const typed = [];
  requests.forEach((request, number) => {
    const where = `#${number + 1} ${request.method} ${request.path}`;
    if (NOT_IN_SPEC[`${request.method} ${request.path}`]) return;
    const found = findOperation(ops, request.method, request.path);
    if (!found) {
      failures.push(`${where}: no such operation in Discord's API description`);
      return;
    }
    for (const name of Object.keys(request.query || {})) {
      if (!found.op.query.has(name))
        failures.push(`${where}: query parameter '${name}' is not one ${found.template} takes`);
    }
    if (!request.has_body) return;
    if (!found.op.body || found.op.body === "undefined") {
      failures.push(`${where}: ${found.template} takes no body`);
      return;
    }
    const zodErrors = zodCheck(schemas, found.op.body, request.body);
    if (zodErrors && zodErrors.length)
      failures.push(`${where}: body is not ${found.op.body}: ${zodErrors.join(" | ")}`);
    typed.push({ where, template: found.template, method: request.method, body: request.body });
  });
  if (typed.length) {
    const problems = await typeCheck(typed);
    for (const [index, messages] of problems) {
      const where = index >= 0 && typed[index] ? typed[index].where : "(type check)";
      failures.push(`${where}: ${messages.join(" / ")}`);
    }
  }
  return failures;
}

// Requests Discord refuses: the checker must catch each.
const WRONG = [
  { method: "POST", path: "/guilds/1/channels", query: {}, has_body: true,
    body: { nmae: "typo" } },
  { method: "POST", path: "/guilds/1/channels", query: {}, has_body: true,
    body: { name: "x", permission_overwrites: [{ id: "1", type: 1, allow: 1024, deny: 0, extra: 1 }] } },
  { method: "POST", path: "/guilds/1/channels", query: {}, has_body: true,
    body: { name: "x", permission_overwrites: [{ id: "1", type: 1, allow: "1024", deny: "0" }] } },
  { method: "POST", path: "/guilds/1/roles", query: {}, has_body: true,
    body: { name: "", permissions: 0 } },
  { method: "POST", path: "/channels/1/invites", query: {}, has_body: true,
    body: { max_age: -1, max_uses: 101 } },
  { method: "GET", path: "/guilds/1/members", query: { limit: "1000", before: "0" }, has_body: false },
  // Inline body types (no zod schema): the TypeScript check alone.
  { method: "PUT", path: "/channels/1/permissions/2", query: {}, has_body: true,
    body: { type: 1, allow: "1041", deny: 0 } },
  { method: "PUT", path: "/channels/1/permissions/2", query: {}, has_body: true,
    body: { type: 1, allow: 1041, deny: 0, id: "2" } },
  { method: "POST", path: "/guilds/1/frobnicate", query: {}, has_body: true, body: {} },
  { method: "GET", path: "/guilds/1/channels", query: {}, has_body: true, body: { name: "x" } },
];
const RIGHT = [
  { method: "POST", path: "/guilds/1/channels", query: {}, has_body: true,
    body: { name: "x", type: 0, parent_id: "2",
            permission_overwrites: [{ id: "1", type: 1, allow: 1041, deny: 0 }] } },
  { method: "GET", path: "/users/@me", query: {}, has_body: false },
  { method: "PUT", path: "/channels/1/permissions/2", query: {}, has_body: true,
    body: { type: 1, allow: 1041, deny: 0 } },
  { method: "GET", path: "/guilds/1/members", query: { limit: "1000", after: "0" }, has_body: false },
];

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--self-test") {
    let bad = 0;
    // One run (one TypeScript compile); each wrong request must be named.
    const refused = await check(WRONG);
    WRONG.forEach((request, index) => {
      if (!refused.some((failure) => failure.startsWith(`#${index + 1} `))) {
        console.error(`self-test: a wrong request passed: ${JSON.stringify(request)}`);
        bad += 1;
      }
    });
    const failures = await check(RIGHT);
    for (const failure of failures) console.error(`self-test: a right request failed: ${failure}`);
    bad += failures.length;
    console.log(`self-test: ${WRONG.length} wrong requests refused, ${RIGHT.length} right ones passed` +
                (bad ? ` — ${bad} problem(s)` : ""));
    process.exit(bad ? 1 : 0);
  }
  if (!args.length) {
    console.error("usage: node check_discord_requests.mjs LOG.jsonl [...] | --self-test");
    process.exit(2);
  }
  const requests = [];
  for (const file of args) {
    if (!fs.existsSync(file)) {
      console.error(`${file}: no such request log (did the Discord tests run with it?)`);
      process.exit(1);
    }
    for (const line of fs.readFileSync(file, "utf8").split("\n"))
      if (line.trim()) requests.push(JSON.parse(line));
  }
  if (!requests.length) {
    console.error("no requests were logged: nothing was checked");
    process.exit(1);
  }
  const failures = await check(requests);
  const kinds = new Set(requests.map((r) => `${r.method} ${r.path.replace(/\d{5,}/g, "{id}")}`));
  for (const failure of failures) console.error(failure);
  console.log(`${requests.length} Discord requests (${kinds.size} kinds) checked against ` +
              `discord-api-spec: ${failures.length} problem(s)`);
  process.exit(failures.length ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
