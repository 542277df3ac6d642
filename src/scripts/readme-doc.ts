import { IMPORT_KINDS } from "../modules/importing/import-kinds";
import { renderColumnTable, replaceGenerated } from "../modules/importing/column-docs";
import { renderRetentionTable } from "../modules/retention/retention-policy";

/** The README with its generated blocks brought up to date: each import kind's column table, the retention table. */
export function renderReadme(readme: string): string {
  const withColumns = Object.values(IMPORT_KINDS).reduce((text, kind) => replaceGenerated(text, `import columns: ${kind.entity}`, renderColumnTable(kind.columns)), readme);
  return renderRetentionDoc(withColumns);
}

/** A document with its retention-table block brought up to date (README, docs/retention.md). */
export function renderRetentionDoc(text: string): string {
  return replaceGenerated(text, "retention table", renderRetentionTable());
}
