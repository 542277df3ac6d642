import { InsuredObjectKind } from "../policy/insured-object.entity";
import { ParticipantRole } from "../policy/policy-participant.entity";
import type { ParticipantItem } from "./participant-rows";
import { isMoney } from "./source-columns";

/** Which keys each kind of object may hold besides `kind` (a key of another kind is refused, not dropped). */
const KEYS: Record<InsuredObjectKind, readonly string[]> = {
  [InsuredObjectKind.VEHICLE]: ["plate", "vin", "make", "model", "year", "sumInsured"],
  [InsuredObjectKind.PROPERTY]: ["address", "city", "region", "constructionYear", "sumInsured"],
  [InsuredObjectKind.PERSON]: ["insured"],
};
const MAX_OBJECTS = 20;
/** ISO 3779: 17 characters, digits and capital letters without I, O and Q. */
const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

/** A checked insured object of an imported policy; a person is the policy's participant at `insured` (an index into the row's participants). */
export interface InsuredObjectItem {
  kind: InsuredObjectKind;
  plate: string | null;
  vin: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
  address: string | null;
  city: string | null;
  region: string | null;
  constructionYear: number | null;
  sumInsured: number | null;
  insured: number | null;
}

const EMPTY: Omit<InsuredObjectItem, "kind"> = {
  plate: null, vin: null, make: null, model: null, year: null, address: null, city: null, region: null, constructionYear: null, sumInsured: null, insured: null,
};

/** Text limits, as the insured_object columns hold them. */
const TEXT_LIMITS: Record<string, number> = { plate: 16, make: 40, model: 60, address: 300, city: 80, region: 80 };

function itemProblem(item: unknown, at: string, participants: readonly ParticipantItem[], thisYear: number): { item: InsuredObjectItem } | { problem: string } {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return { problem: `${at} must be an object { kind, … }` };
  const { kind, ...values } = item as Record<string, unknown>;
  if (!Object.values(InsuredObjectKind).includes(kind as InsuredObjectKind)) return { problem: `${at}.kind must be one of ${Object.values(InsuredObjectKind).join(", ")}` };
  const allowed = KEYS[kind as InsuredObjectKind];
  if (Object.keys(values).some((key) => !allowed.includes(key))) return { problem: `${at}: a ${kind} may hold only kind, ${allowed.join(", ")}` }; // the file's key names are not echoed
  const out: InsuredObjectItem = { ...EMPTY, kind: kind as InsuredObjectKind };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) continue;
    if (key in TEXT_LIMITS) {
      if (typeof value !== "string" || value.trim().length === 0 || value.length > TEXT_LIMITS[key]) return { problem: `${at}.${key} must be 1–${TEXT_LIMITS[key]} characters` };
      (out as unknown as Record<string, unknown>)[key] = value;
    } else if (key === "vin") {
      if (typeof value !== "string" || !VIN.test(value)) return { problem: `${at}.vin must be 17 capital letters and digits without I, O and Q (ISO 3779)` };
      out.vin = value;
    } else if (key === "year" || key === "constructionYear") {
      const first = key === "year" ? 1900 : 1800;
      const last = key === "year" ? thisYear + 1 : thisYear;
      if (!Number.isInteger(value) || (value as number) < first || (value as number) > last) return { problem: `${at}.${key} must be a year from ${first} to ${last}` };
      out[key] = value as number;
    } else if (key === "sumInsured") {
      if (!isMoney(value)) return { problem: `${at}.sumInsured must be an integer of 0 or more (minor units)` };
      out.sumInsured = value;
    } else if (key === "insured") {
      if (!Number.isInteger(value) || participants[value as number]?.role !== ParticipantRole.INSURED) {
        return { problem: `${at}.insured must be the index (from 0) of an INSURED person in participants` };
      }
      out.insured = value as number;
    }
  }
  if (out.kind === InsuredObjectKind.PERSON && out.insured === null) return { problem: `${at}.insured is required for a PERSON (the index of an INSURED person in participants)` };
  return { item: out };
}

/** Checks a policy's `insuredObjects` against its kinds' fields and the row's checked participants. */
export function insuredObjectItems(items: unknown[], participants: readonly ParticipantItem[], thisYear = new Date().getUTCFullYear()): { objects: InsuredObjectItem[] } | { problem: string } {
  if (items.length > MAX_OBJECTS) return { problem: `insuredObjects holds at most ${MAX_OBJECTS} objects` };
  const objects: InsuredObjectItem[] = [];
  for (const [i, item] of items.entries()) {
    const checked = itemProblem(item, `insuredObjects[${i}]`, participants, thisYear);
    if ("problem" in checked) return checked;
    objects.push(checked.item);
  }
  return { objects };
}

/** An object's part of a policy's content (digested, never stored). */
export function insuredObjectContent(o: InsuredObjectItem): unknown[] {
  return [o.kind, o.plate, o.vin, o.make, o.model, o.year, o.address, o.city, o.region, o.constructionYear, o.sumInsured, o.insured];
}
