import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { renderDataPolicy } from "../auth/data-policy-doc";

/** npm run docs: writes docs/data-policy.md from the policy table. */
fs.mkdirSync(path.resolve("docs"), { recursive: true });
fs.writeFileSync(path.resolve("docs", "data-policy.md"), renderDataPolicy());
console.log("wrote docs/data-policy.md");
