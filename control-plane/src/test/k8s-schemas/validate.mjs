// Checks Kubernetes objects as an API server's OpenAPI validation would: types, required fields,
// enums and formats, by the schemas of kubernetes-models (built-in kinds) and its Prometheus
// Operator and cert-manager packages. Usage: node validate.mjs objects.json (a JSON array).
// Prints one line per problem, "Kind/name: message"; exits 0 when there is none, 1 otherwise.
import { readFileSync } from "node:fs";

const PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator/monitoring.coreos.com",
  "cert-manager.io": "@kubernetes-models/cert-manager/cert-manager.io",
};

function moduleOf(apiVersion) {
  const slash = apiVersion.lastIndexOf("/");
  if (slash < 0) return `kubernetes-models/${apiVersion}`; // the core group: v1
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const base = PACKAGES[group] ?? `kubernetes-models/${group}`;
  return `${base}/${version}`;
}

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const problems = [];
for (const object of objects) {
  const what = `${object.kind}/${object.metadata?.name}`;
  let model;
  try {
    model = (await import(moduleOf(object.apiVersion)))[object.kind];
  } catch (e) {
    model = undefined;
  }
  if (typeof model !== "function") {
    problems.push(`${what}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
  } catch (e) {
    problems.push(`${what}: ${e.message}`);
  }
}
problems.forEach((p) => console.log(p));
console.log(`${objects.length} objects, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
