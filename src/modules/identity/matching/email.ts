/**
 * Providers whose documentation makes "a.b+tag@" deliver to "ab@": only for them are dots and
 * plus-tags folded, so two different mailboxes elsewhere never become one address.
 */
const DOTS_IGNORED = new Set(["gmail.com", "googlemail.com"]);
const PLUS_TAGS = new Set(["gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com"]);
const DOMAIN_ALIASES: Record<string, string> = { "googlemail.com": "gmail.com" };

export function normalizeEmail(email: string | null): string | null {
  if (!email) return null;
  const text = email.normalize("NFKC").trim().toLowerCase();
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return null;
  let local = text.slice(0, at);
  const domain = DOMAIN_ALIASES[text.slice(at + 1)] ?? text.slice(at + 1);
  if (PLUS_TAGS.has(domain)) local = local.split("+")[0];
  if (DOTS_IGNORED.has(domain)) local = local.replaceAll(".", "");
  return local ? `${local}@${domain}` : null;
}

export function emailLocalPart(normalizedEmail: string): string {
  return normalizedEmail.slice(0, normalizedEmail.lastIndexOf("@"));
}
