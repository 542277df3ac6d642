import { Role } from "./role";
import { ACCESS, accessFor, DataClass, FIELD_CLASSES, FIELD_MASKS, STRUCTURAL_TYPES, STRUCTURAL_TYPE_SUFFIXES } from "./field-policy";
import { EXACT_LOOKUPS, personalFields, Use, useGrant, type UseGrant } from "./use-policy";

const GRANT_MARK: Record<UseGrant, string> = { any: "✓", consent: "consent", band: "band", visible: "visible", none: "—" };

/** One cell of the uses table: read access, then filter / sort / rule / derived. */
function usesCell(role: Role, field: string): string {
  const [typeName, fieldName] = field.split(".");
  const read = accessFor(role, FIELD_CLASSES[typeName][fieldName]);
  const lookup = EXACT_LOOKUPS[field]?.includes(role) && useGrant(role, field, Use.FILTER) !== "any" ? "look-up" : null;
  const uses = [Use.FILTER, Use.SORT, Use.RULE, Use.DERIVE].map((use) => (use === Use.FILTER && lookup ? lookup : GRANT_MARK[useGrant(role, field, use)]));
  return `${read}: ${uses.join(" / ")}`;
}

/**
 * The Markdown form of the policy table (docs/data-policy.md), generated so it cannot drift;
 * `sections`: lines that modules derive from the table (src/scripts/policy-doc.ts composes them).
 */
export function renderDataPolicy(sections: string[] = []): string {
  const roles = Object.values(Role);
  const lines = [
    "# Data policy",
    "",
    "Generated from `src/auth/field-policy.ts` by `npm run docs`; do not edit by hand.",
    "",
    "## Access per role and data class",
    "",
    `| class | ${roles.join(" | ")} |`,
    `| --- | ${roles.map(() => "---").join(" | ")} |`,
    ...Object.values(DataClass).map((c) => `| ${c} | ${roles.map((r) => ACCESS[c][r]).join(" | ")} |`),
    "",
    "`consent`: full access while the customer's current SENSITIVE_DATA consent is granted, otherwise denied",
    "(FORBIDDEN, `reason: CONSENT_REQUIRED`). `masked` / `band`: the field's reduction rule below; a field",
    "without one is denied. AUDIT: records of who accessed a customer's data.",
    "CUSTOMER applies to the customer's own record only (row scope).",
    "SERVICE_REP (the contact centre) reaches a customer only after verifying the caller (`verifyCaller`: one identifier and the",
    "date of birth and last four national-id characters compared by the system, never shown), for 30 minutes (row scope).",
    "",
    "## Fields by class",
    "",
    "| type | PUBLIC | personal / internal fields |",
    "| --- | --- | --- |",
    ...Object.entries(FIELD_CLASSES).map(([type, fields]) => {
      const entries = Object.entries(fields);
      const open = entries.filter(([, c]) => c === DataClass.PUBLIC).map(([f]) => f);
      const closed = entries.filter(([, c]) => c !== DataClass.PUBLIC).map(([f, c]) => `${f} (${c})`);
      return `| ${type} | ${open.join(", ")} | ${closed.join(", ") || "—"} |`;
    }),
    "",
    "## Uses of each personal field, per role",
    "",
    "A field's access governs every use of its value, not only its read (`src/auth/use-policy.ts`, derived from",
    "the table above). Each cell: read access, then **filter / sort / rule / derived**. ✓ any use; `consent`: any",
    "use, on customers with current SENSITIVE_DATA consent only (for the others the use behaves as if the value",
    "were unknown); `band`: comparisons with the band's boundaries only (\"at least\" / \"below\" a boundary);",
    "`visible`: through the part the mask shows only (date of birth: the birth year, so AGE is the age reached",
    "this calendar year); `look-up`: exact look-up only (audited hit or miss as outcome LOOKUP, rate-limited per",
    "actor by LOOKUPS_PER_HOUR); —: no use (FORBIDDEN, `reason: USE_POLICY` or `BAND_BOUNDARY`, decided before",
    "any SQL). Sorting hands out cursors, which are sealed (AES-256-GCM) and bound to viewer, list and order.",
    "",
    `| field | ${roles.join(" | ")} |`,
    `| --- | ${roles.map(() => "---").join(" | ")} |`,
    ...personalFields().map((field) => `| ${field} | ${roles.map((role) => usesCell(role, field)).join(" | ")} |`),
    "",
    "## Masking and banding rules",
    "",
    ...Object.keys(FIELD_MASKS).map((field) => `- ${field}: ${FIELD_MASKS[field].masked ? "masked" : "band"}`),
    "",
    `Structural types, readable by any signed-in caller: ${STRUCTURAL_TYPES.join(", ")}, and every type ending in ${STRUCTURAL_TYPE_SUFFIXES.join(" or ")}.`,
    "Every other field is denied (shield fallback rule).",
    "",
    ...sections,
  ];
  return lines.join("\n");
}
