import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { printSchemaText } from "../graphql/print-schema";

/** npm run schema: writes schema.graphql from the code (a test fails when the committed file is stale). */
printSchemaText()
  .then((text) => {
    fs.writeFileSync(path.resolve("schema.graphql"), text);
    console.log("wrote schema.graphql");
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
