import { Role } from "../modules/staff/staff.entity";
import { ACCESS, DataClass, FIELD_CLASSES, FIELD_MASKS, STRUCTURAL_TYPES, STRUCTURAL_TYPE_SUFFIXES } from "./field-policy";

/** The Markdown form of the policy table (docs/data-policy.md), generated so it cannot drift. */
export function renderDataPolicy(): string {
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
    "## Masking and banding rules",
    "",
    ...Object.keys(FIELD_MASKS).map((field) => `- ${field}: ${FIELD_MASKS[field].masked ? "masked" : "band"}`),
    "",
    `Structural types, readable by any signed-in caller: ${STRUCTURAL_TYPES.join(", ")}, and every type ending in ${STRUCTURAL_TYPE_SUFFIXES.join(" or ")}.`,
    "Every other field is denied (shield fallback rule).",
    "",
  ];
  return lines.join("\n");
}
