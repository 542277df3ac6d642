import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { dataPolicyDocument } from "./policy-doc";
import { renderReadme, renderRetentionDoc } from "./readme-doc";

/** npm run docs: writes docs/data-policy.md from the policy table, docs/retention.md's retention table and the README's generated blocks (import columns, retention table). */
fs.mkdirSync(path.resolve("docs"), { recursive: true });
fs.writeFileSync(path.resolve("docs", "data-policy.md"), dataPolicyDocument());
console.log("wrote docs/data-policy.md");
const retentionDoc = path.resolve("docs", "retention.md");
fs.writeFileSync(retentionDoc, renderRetentionDoc(fs.readFileSync(retentionDoc, "utf8")));
console.log("wrote the retention table of docs/retention.md");
fs.writeFileSync(path.resolve("README.md"), renderReadme(fs.readFileSync(path.resolve("README.md"), "utf8")));
console.log("wrote the generated blocks of README.md");
