import type { GraphQLErrorItem } from "./api";
import { formatMoney, h } from "./dom";

/**
 * A personal value as the policy delivered it: refused (FORBIDDEN → null with an error on its
 * path) shows as "restricted", a masked value (e.g. 138****5678) is marked as masked.
 */
export function personal(value: unknown, error: GraphQLErrorItem | undefined): Node {
  if (error?.extensions?.code === "FORBIDDEN") {
    const reason = error.extensions.reason === "CONSENT_REQUIRED" ? " (needs consent)" : "";
    return h("span", { class: "restricted", title: error.message }, `restricted${reason}`);
  }
  if (value === null || value === undefined || value === "") return document.createTextNode("—");
  const text = typeof value === "object" ? formatMoney(value as { amount: number; currency: string }) : String(value);
  if (/\*{2,}/.test(text)) return h("span", { class: "masked", title: "masked by the data policy" }, text);
  return document.createTextNode(text);
}
