import type { GraphQLErrorItem } from "./api";
import { formatMoney, formatTime, h, label } from "./dom";
import { personal } from "./fields";
import { section } from "./customer-sections";

type At = (...path: (string | number)[]) => GraphQLErrorItem | undefined;

/** Instalments shown per policy: the latest few (the rest are counted). */
const RECENT_INSTALMENTS = 4;

const BILLING_BADGE: Record<string, string> = { UP_TO_DATE: "badge ok", IN_GRACE: "badge", OVERDUE: "badge bad", LAPSED: "badge bad" };

/** Who is in each policy, what it insures and whether the premium is paid (the `policyData` part of the 360 query). */
export function policyDetails(list: { edges: { node: any }[] } | null | undefined, at: At): HTMLElement | null {
  if (!list?.edges.length) return null;
  return section("Who and what is insured, premium payments", "policy-data",
    ...list.edges.map(({ node: p }, i) => {
      const path = (...rest: (string | number)[]) => at("policyData", "edges", i, "node", ...rest);
      const instalments: any[] = p.instalments ?? [];
      const recent = instalments.slice(-RECENT_INSTALMENTS);
      return h("div", { class: "policy-data", "data-testid": `policy-data-${p.policyNumber}` },
        h("h3", null, p.policyNumber, " ", h("span", { class: BILLING_BADGE[p.billingStatus] ?? "badge" }, label(p.billingStatus))),
        h("ul", { class: "plain small" }, (p.participants as any[]).map((x, j) => h("li", null,
          h("span", { class: "badge" }, label(x.role)),
          x.role === "BENEFICIARY" ? ` order ${x.order}, ${x.sharePercent} % ` : " ",
          x.customer ? h("a", { href: `#/customer/${x.customer.id}` }, x.customer.customerNumber) : personal(x.name, path("participants", j, "name")),
          x.relationship ? ` (${label(x.relationship)})` : "",
          x.customer ? null : [" · born ", personal(x.dateOfBirth, path("participants", j, "dateOfBirth")), " · ID ", personal(x.nationalId, path("participants", j, "nationalId"))]))),
        (p.insuredObjects as any[]).map((o, j) => o.kind === "PERSON" ? null : h("p", { class: "small" },
          h("span", { class: "badge" }, label(o.kind)), " ",
          o.kind === "VEHICLE"
            ? [`${o.make} ${o.model} ${o.year} · plate `, personal(o.plate, path("insuredObjects", j, "plate")), " · VIN ", personal(o.vin, path("insuredObjects", j, "vin"))]
            : [personal(o.address, path("insuredObjects", j, "address")), ` · built ${o.constructionYear ?? "—"} · ${formatMoney(o.sumInsured)}`])),
        instalments.length
          ? h("p", { class: "small" }, `${instalments.length} instalments; latest: `, recent.map((x) =>
              h("span", { class: x.status === "OVERDUE" ? "badge bad" : x.status === "PAID" ? "badge ok" : "badge" },
                `${x.dueDate} ${formatMoney(x.amount)} ${label(x.status)}${x.paidAt ? ` (paid ${formatTime(x.paidAt)})` : ""}`)))
          : null);
    }));
}
