import { errorAt, firstMessage, type GraphQLErrorItem } from "./api";
import { formatMoney, formatTime, h, label, mount, type Child } from "./dom";
import { personal } from "./fields";
import { loadCustomer360 } from "./customer-query";
import * as sections from "./customer-sections";
import { personSection } from "./person-section";
import { policyDetails } from "./policy-details";
import { serviceForms } from "./service-forms";
import { timelineSection } from "./timeline-section";
import type { Viewer } from "./case-detail";
import { customerTasks } from "./task-section";

const PROFILE_FIELDS: [string, string][] = [
  ["fullName", "Name"], ["gender", "Gender"], ["dateOfBirth", "Date of birth"], ["idType", "ID type"],
  ["nationalId", "National ID"], ["email", "E-mail"], ["phone", "Phone"], ["address", "Address"],
  ["city", "City"], ["region", "Region"], ["occupation", "Occupation"], ["occupationClass", "Occupation class"],
  ["annualIncome", "Annual income"], ["maritalStatus", "Marital status"], ["dependents", "Dependents"],
  ["riskPreference", "Risk preference"], ["preferredChannel", "Preferred channel"],
];

/** The 360 page: everything the viewer may see of one customer, in one GraphQL request. */
export async function renderCustomer(main: HTMLElement, id: string, viewer: Viewer, notice?: string): Promise<void> {
  mount(main, h("p", { class: "muted" }, "Loading the 360 view…"));
  const { result, parts } = await loadCustomer360(id);
  const customer = result.data?.customer;
  if (!customer) {
    const message = result.errors.length ? firstMessage(result) : "No such customer in your scope.";
    mount(main, h("section", { class: "card" }, h("h1", null, "Customer not found"), h("p", { class: "error" }, message)));
    return;
  }
  const at = (...path: (string | number)[]): GraphQLErrorItem | undefined => errorAt(result.errors, ["customer", ...path]);
  const field = (name: string) =>
    name === "annualIncome" ? income(customer.annualIncome, at) : personal(enumOrValue(customer[name]), at(name));
  const reload = (message: string) => renderCustomer(main, id, viewer, message);

  mount(main,
    notice ? h("p", { class: "notice", role: "status", "data-testid": "notice" }, notice) : null,
    h("section", { class: "card head" },
      h("h1", { "data-testid": "customer-name" }, field("fullName")),
      h("p", { class: "muted" }, `${customer.customerNumber} · ${label(customer.kind)} · ${label(customer.serviceTier)} tier`,
        customer.assignedAgent ? ` · agent ${customer.assignedAgent.displayName}` : "",
        customer.erasedAt ? h("span", { class: "badge bad" }, "erased") : null),
      summaryTiles(customer.summary)),
    h("div", { class: "grid" },
      sections.section("Profile", "profile",
        h("dl", { class: "profile" }, PROFILE_FIELDS.map(([name, title]) => [h("dt", null, title), h("dd", { "data-field": name }, field(name))]))),
      h("div", null,
        sections.household(customer.household, at),
        sections.consents(customer.consents, parts.includes("consentsInForce") ? customer.consentsInForce : undefined)),
    ),
    parts.includes("person") ? personSection(customer.person, customer.id, at) : null,
    timelineSection(customer.id),
    sections.risk(customer.riskProfile, at),
    sections.policies(customer.policies),
    parts.includes("policyData") ? policyDetails(customer.policyData, at) : null,
    sections.claims(customer.claims),
    sections.interactions(customer.interactions, at),
    sections.complaints(customer.complaints),
    parts.includes("cases") ? sections.cases(customer.cases, at) : null,
    parts.includes("tasks") ? customerTasks(customer.tasks, at, customer.id, viewer.role, reload) : null,
    parts.includes("segments") ? sections.segments(customer.segments, at("segments")) : null,
    parts.includes("recommendations") ? sections.recommendations(customer.recommendations, at("recommendations")) : null,
    serviceForms(customer.id, reload),
  );
}

/** Income as delivered: an amount, or only a band (e.g. FROM_150K_TO_300K) when the policy bands it. */
function income(value: any, at: (...path: (string | number)[]) => GraphQLErrorItem | undefined): Node {
  if (!value || !("band" in value)) return personal(value, at("annualIncome"));
  if (value.amount) return document.createTextNode(`${formatMoney(value.amount)} (${label(value.band)})`);
  return h("span", { class: "masked", title: "banded by the data policy" }, `band ${label(value.band).replace("from ", "").replace(/ to /g, "–")}`);
}

function enumOrValue(value: unknown): unknown {
  return typeof value === "string" && /^[A-Z][A-Z_]+$/.test(value) ? label(value) : value;
}

function summaryTiles(summary: any): Child {
  if (!summary) return null;
  const tile = (title: string, value: Child) => h("div", { class: "tile" }, h("span", { class: "muted" }, title), h("strong", null, value));
  return h("div", { class: "tiles" },
    tile("Active policies", summary.activePolicies),
    tile("Annual premium", formatMoney(summary.totalAnnualPremium)),
    tile("Sum insured", formatMoney(summary.totalSumInsured)),
    tile("Open claims", summary.openClaims),
    tile("Open complaints", summary.openComplaints),
    tile("Satisfaction", summary.averageSatisfaction === null ? "—" : `${summary.averageSatisfaction.toFixed(1)} / 5`),
    tile("Last contact", formatTime(summary.lastInteractionAt)));
}
