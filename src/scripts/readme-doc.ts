import { IMPORT_KINDS } from "../modules/importing/import-kinds";
import { renderColumnTable, replaceGenerated } from "../modules/importing/column-docs";

/** The README with its generated blocks brought up to date: each import kind's column table. */
export function renderReadme(readme: string): string {
  return Object.values(IMPORT_KINDS).reduce((text, kind) => replaceGenerated(text, `import columns: ${kind.entity}`, renderColumnTable(kind.columns)), readme);
}
