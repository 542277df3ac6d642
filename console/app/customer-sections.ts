import type { GraphQLErrorItem } from "./api";
import { formatMoney, formatTime, h, label, type Child } from "./dom";
import { personal } from "./fields";
import { caseLink, caseStatus, slaCell } from "./case-parts";

type At = (...path: (string | number)[]) => GraphQLErrorItem | undefined;
type Connection<T> = { totalCount: number; edges: { node: T }[] } | null | undefined;

export function section(title: string, id: string, ...body: Child[]): HTMLElement {
  return h("section", { class: "card", id, "data-testid": `section-${id}` }, h("h2", null, title), ...body);
}

function table(headings: string[], rows: Child[], testId?: string): HTMLElement {
  return h("table", { class: "list", "data-testid": testId },
    h("thead", null, h("tr", null, headings.map((title) => h("th", null, title)))),
    h("tbody", null, rows));
}

function count<T>(list: Connection<T>): string {
  if (!list) return "";
  return list.totalCount > list.edges.length ? ` (${list.edges.length} of ${list.totalCount})` : ` (${list.totalCount})`;
}

function empty(what: string): HTMLElement {
  return h("p", { class: "muted" }, `No ${what}.`);
}

export function restrictedSection(title: string, id: string, error: GraphQLErrorItem): HTMLElement {
  return section(title, id, h("p", null, personal(null, error)));
}

export function household(members: any[] | null, at: At): HTMLElement {
  if (!members?.length) return section("Household", "household", empty("linked relatives or organisations"));
  return section("Household", "household", h("ul", { class: "plain" }, members.map((link, i) =>
    h("li", null, h("span", { class: "badge" }, label(link.kind)), " ",
      h("a", { href: `#/customer/${link.member.id}` }, link.member.customerNumber), " ",
      personal(link.member.fullName, at("household", i, "member", "fullName"))))));
}

/**
 * The decisions recorded on this record; where the server has `consentsInForce`, the decision that
 * holds per purpose beside them (a refusal on a linked record wins over this record's grant).
 */
export function consents(list: any[] | null, inForce?: any[] | null): HTMLElement {
  const decision = (consent: any) =>
    h("span", { class: consent.granted ? "badge ok" : "badge bad" }, consent.granted ? "granted" : "withdrawn");
  if (inForce?.length) {
    const own = new Map((list ?? []).map((consent) => [consent.purpose, consent]));
    return section("Consents", "consents", table(["Purpose", "In force", "This record", "Channel", "Recorded"], inForce.map((held) =>
      h("tr", { "data-purpose": held.purpose },
        h("td", null, label(held.purpose)),
        h("td", { class: "in-force" }, held.refusedOnLinkedRecord
          ? h("span", { class: "badge bad", title: "A record linked with this one as the same person refused: the refusal holds." }, "refused on a linked record")
          : h("span", { class: held.granted ? "badge ok" : "badge bad" }, held.granted ? "granted" : "refused")),
        h("td", null, own.has(held.purpose) ? decision(own.get(held.purpose)) : "—"),
        h("td", null, label(held.channel)),
        h("td", null, formatTime(own.get(held.purpose)?.recordedAt)))), "consents-table"));
  }
  if (!list?.length) return section("Consents", "consents", empty("consents recorded"));
  return section("Consents", "consents", table(["Purpose", "Status", "Channel", "Recorded"], list.map((consent) =>
    h("tr", null,
      h("td", null, label(consent.purpose)),
      h("td", null, decision(consent)),
      h("td", null, label(consent.channel)),
      h("td", null, formatTime(consent.recordedAt)))), "consents-table"));
}

export function risk(profile: any, at: At): HTMLElement {
  if (!profile) return at("riskProfile") ? restrictedSection("Risk profile", "risk", at("riskProfile")!) : section("Risk profile", "risk", empty("risk assessment yet"));
  const factors: any[] | null = profile.factors;
  const warnings: any[] | null = profile.warnings;
  return section("Risk profile", "risk",
    h("p", null, h("span", { class: `badge tier-${String(profile.tier).toLowerCase()}` }, label(profile.tier)),
      ` score ${profile.score} · likelihood ${profile.likelihood} × impact ${profile.impact} · ${profile.modelVersion}, ${formatTime(profile.assessedAt)}`),
    warnings === null ? h("p", null, "Warnings: ", personal(null, at("riskProfile", "warnings")))
      : warnings.length ? h("ul", { class: "warnings" }, warnings.map((w) => h("li", null, h("strong", null, w.code), " ", w.message))) : null,
    factors === null ? h("p", null, "Factors: ", personal(null, at("riskProfile", "factors")))
      : table(["Factor", "Value", "Weight", "Contribution", "Why"], factors.map((f) =>
          h("tr", null, h("td", null, f.name), h("td", null, f.value), h("td", null, f.weight.toFixed(2)),
            h("td", null, f.contribution.toFixed(1)), h("td", null, f.explanation)))));
}

export function policies(list: Connection<any>): HTMLElement {
  if (!list?.edges.length) return section("Policies", "policies", empty("policies"));
  return section(`Policies${count(list)}`, "policies", table(
    ["Policy", "Product", "Status", "Premium", "Sum insured", "Period", "Coverages"],
    list.edges.map(({ node: p }) => h("tr", null,
      h("td", null, p.policyNumber),
      h("td", null, p.product ? `${p.product.name} (${label(p.product.line)})` : p.productCode),
      h("td", null, h("span", { class: `badge status-${String(p.status).toLowerCase()}` }, label(p.status))),
      h("td", null, `${formatMoney(p.premium)} ${label(p.premiumFrequency)}`),
      h("td", null, formatMoney(p.sumInsured)),
      h("td", null, `${p.startDate} → ${p.endDate}`, p.renewalDate ? h("div", { class: "muted" }, `renews ${p.renewalDate}`) : null),
      h("td", null, h("ul", { class: "plain small" }, (p.coverages as any[]).map((c) =>
        h("li", null, `${label(c.kind)}: ${formatMoney(c.limit)} (deductible ${formatMoney(c.deductible)})`)))))),
    "policies-table"));
}

export function claims(list: Connection<any>): HTMLElement {
  if (!list?.edges.length) return section("Claims", "claims", empty("claims"));
  return section(`Claims${count(list)}`, "claims", table(
    ["Claim", "Kind", "Status", "Incident", "Claimed", "Approved / paid", "Timeline"],
    list.edges.map(({ node: c }) => h("tr", null,
      h("td", null, c.claimNumber),
      h("td", null, label(c.kind)),
      h("td", null, h("span", { class: "badge" }, label(c.status))),
      h("td", null, c.incidentDate),
      h("td", null, formatMoney(c.claimedAmount)),
      h("td", null, `${formatMoney(c.approvedAmount)} / ${formatMoney(c.paidAmount)}`),
      h("td", null, h("ol", { class: "timeline" }, (c.events as any[]).map((e) =>
        h("li", null, h("strong", null, label(e.toStatus)), ` ${formatTime(e.occurredAt)}`, e.note ? h("div", { class: "muted" }, e.note) : null)))))),
    "claims-table"));
}

export function interactions(list: Connection<any>, at: At): HTMLElement {
  if (!list?.edges.length) return section("Interactions", "interactions", empty("interactions"));
  return section(`Interactions${count(list)}`, "interactions", table(
    ["When", "Channel", "Kind", "Subject", "Notes", "Status", "Satisfaction", "Staff"],
    list.edges.map(({ node: i }, index) => h("tr", null,
      h("td", null, formatTime(i.occurredAt)),
      h("td", null, `${label(i.channel)} (${label(i.direction)})`),
      h("td", null, label(i.kind)),
      h("td", null, i.subject),
      h("td", { class: "notes" }, personal(i.notes, at("interactions", "edges", index, "node", "notes"))),
      h("td", null, label(i.status)),
      h("td", null, i.satisfaction ?? "—"),
      h("td", null, i.staff?.displayName ?? "—"))),
    "interactions-table"));
}

export function complaints(list: Connection<any>): HTMLElement {
  if (!list?.edges.length) return section("Complaints", "complaints", empty("complaints"));
  return section(`Complaints${count(list)}`, "complaints", table(
    ["Category", "Severity", "Status", "Received", "Due", "Resolved"],
    list.edges.map(({ node: c }) => h("tr", { class: c.overdue ? "overdue" : null, "data-overdue": c.overdue ? "true" : null },
      h("td", null, label(c.category)),
      h("td", null, label(c.severity)),
      h("td", null, label(c.status), c.overdue ? h("span", { class: "badge bad" }, "overdue") : null),
      h("td", null, formatTime(c.receivedAt)),
      h("td", null, formatTime(c.dueAt)),
      h("td", null, formatTime(c.resolvedAt)))),
    "complaints-table"));
}

/** The customer's cases, newest first, each linking to its page (#/cases/<id>). */
export function cases(list: Connection<any>, at: At): HTMLElement {
  if (at("cases")) return restrictedSection("Cases", "cases", at("cases")!);
  if (!list?.edges.length) return section("Cases", "cases", empty("cases"));
  return section(`Cases${count(list)}`, "cases", table(
    ["Subject", "Status", "Priority", "Channel", "Opened", "First response", "Resolution"],
    list.edges.map(({ node: c }, index) => h("tr", { "data-case": c.id },
      h("td", null, caseLink(c, at("cases", "edges", index, "node", "subject"))),
      h("td", null, caseStatus(c.status)),
      h("td", null, label(c.priority)),
      h("td", null, label(c.channel)),
      h("td", null, formatTime(c.openedAt)),
      slaCell(c.firstResponseSla),
      slaCell(c.resolutionSla))),
    "cases-table"));
}

export function segments(list: any[] | null, error: GraphQLErrorItem | undefined): HTMLElement {
  if (error) return restrictedSection("Segments", "segments", error);
  if (!list?.length) return section("Segments", "segments", empty("segments match"));
  return section("Segments", "segments", h("ul", { class: "plain" }, list.map((s) =>
    h("li", null, h("span", { class: "badge" }, s.name), s.description ? ` ${s.description}` : ""))));
}

export function recommendations(list: any[] | null, error: GraphQLErrorItem | undefined): HTMLElement {
  if (error) return restrictedSection("Recommendations", "recommendations", error);
  if (!list?.length) return section("Recommendations", "recommendations", empty("recommendations"));
  return section("Recommendations", "recommendations", h("ol", { class: "recommendations" }, list.map((r) =>
    h("li", null,
      h("strong", null, r.product?.name ?? r.product?.code ?? "product"),
      r.product?.line ? ` (${label(r.product.line)})` : "",
      ` · score ${r.score}`,
      r.suggestedSumInsured ? ` · sum insured ${formatMoney(r.suggestedSumInsured)}, about ${formatMoney(r.estimatedPremium)} a year` : "",
      Array.isArray(r.reasons) && r.reasons.length
        ? h("ul", { class: "small" }, r.reasons.map((reason: { code: string; message: string }) => h("li", { title: reason.code }, reason.message)))
        : null))));
}
