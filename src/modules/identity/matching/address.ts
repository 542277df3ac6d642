/** Case, full-width forms, punctuation and spacing folded: "No.5, Jianguo Rd" = "no5jianguord". */
export function normalizeAddress(address: string | null): string | null {
  if (!address) return null;
  const folded = address.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
  return folded || null;
}
