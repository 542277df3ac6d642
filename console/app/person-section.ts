import type { GraphQLErrorItem } from "./api";
import { formatTime, h, label, type Child } from "./dom";
import { personal } from "./fields";
import { PROFILE_ATTRIBUTES, type ProfileAttribute } from "../../src/shared/survivorship";

type At = (...path: (string | number)[]) => GraphQLErrorItem | undefined;

interface Provenance {
  attribute: string;
  rule: string;
  recordId: string;
  customerNumber: string;
  sourceSystem: string | null;
  recordUpdatedAt: string;
}

interface LinkedRecord {
  id: string;
  customerNumber: string;
  fullName: string | null;
}

export interface Person {
  id: string;
  records: LinkedRecord[];
  profile: Record<string, unknown> & { provenance: Provenance[] };
}

/** The profile's attributes in display order; the fields each takes from its one record are the server's declaration. */
const TITLES: Record<ProfileAttribute, string> = {
  fullName: "Name",
  email: "E-mail",
  phone: "Phone",
  address: "Address",
  dateOfBirth: "Date of birth",
  gender: "Gender",
  maritalStatus: "Marital status",
  occupation: "Occupation",
  preferredChannel: "Preferred channel",
};
const ATTRIBUTES = (Object.keys(TITLES) as ProfileAttribute[]).map((attribute) => [attribute, TITLES[attribute], [...PROFILE_ATTRIBUTES[attribute]]] as const);

const ENUM_FIELDS = new Set(["gender", "maritalStatus", "preferredChannel"]);

const RULES: Record<string, string> = {
  SOURCE_PRIORITY: "from the most trusted system of record",
  MOST_RECENT: "from the most recently updated record",
  MOST_FREQUENT: "the value most records hold",
};

/**
 * "One person, N records": the unified profile of the records linked with this one (as far as they
 * lie in the viewer's scope), each attribute with the record, system and rule it came from, and
 * the linked records. Nothing when the record is linked to no other record the viewer may see.
 */
export function personSection(person: Person | null | undefined, currentId: string, at: At): Child {
  if (!person) return null;
  const { profile, records } = person;
  const value = (field: string): Child => {
    const raw = profile[field];
    if (field === "occupationClass") return raw === null || raw === undefined ? null : `class ${String(raw)}`;
    return personal(ENUM_FIELDS.has(field) && typeof raw === "string" ? label(raw) : raw, at("person", "profile", field));
  };
  const rows = ATTRIBUTES.map(([attribute, title, [main, ...details]]) => {
    const source = profile.provenance.find((p) => p.attribute === attribute);
    // a detail (city, occupation class) shows only beside a main value it belongs to
    const extras = details.filter((field) => profile[field] !== null && profile[field] !== undefined && profile[main] !== null);
    return h("tr", { "data-attribute": attribute },
      h("th", { scope: "row" }, title),
      h("td", { class: "value" }, value(main), extras.map((field) => [", ", value(field)])),
      source ? provenanceCells(source, currentId) : h("td", { class: "muted", colspan: 4 }, "—"));
  });
  return h("section", { class: "card", id: "person", "data-testid": "section-person", "data-person": person.id },
    h("h2", null, `One person, ${records.length} records`),
    h("table", { class: "list", "data-testid": "person-profile" },
      h("thead", null, h("tr", null, ["Attribute", "Value", "From record", "System", "Rule", "Record updated"].map((t) => h("th", null, t)))),
      h("tbody", null, rows)),
    h("h3", null, "Linked records"),
    h("ul", { class: "plain", "data-testid": "person-records" }, records.map((record, i) =>
      h("li", { "data-record": record.id },
        recordLink(record.id, record.customerNumber, currentId), " ",
        personal(record.fullName, at("person", "records", i, "fullName")),
        record.id === currentId ? h("span", { class: "badge" }, "this record") : null))));
}

function recordLink(id: string, customerNumber: string, currentId: string): HTMLElement {
  return h("a", { href: `#/customer/${id}`, "aria-current": id === currentId ? "page" : null }, customerNumber);
}

function provenanceCells(source: Provenance, currentId: string): HTMLElement[] {
  return [
    h("td", { class: "record" }, recordLink(source.recordId, source.customerNumber, currentId)),
    h("td", { class: "system" }, source.sourceSystem ?? "—"),
    h("td", { class: "rule", title: RULES[source.rule] ?? "" }, label(source.rule)),
    h("td", { class: "updated" }, formatTime(source.recordUpdatedAt)),
  ];
}
