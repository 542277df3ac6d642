import fs from "node:fs";
import { once } from "node:events";
import { makeResidentId } from "../shared/national-id";
import { CUSTOMER_COLUMNS } from "../modules/importing/customer-rows";
import { POLICY_COLUMNS } from "../modules/importing/policy-rows";
import { PRODUCTS } from "../seed/catalogue";
import { SeedRandom } from "../seed/random";
import { familyName, givenName } from "./identity/synthetic-person";

/**
 * Deterministic synthetic import files for `npm run bench:import`: every row valid, the same rows
 * for the same counts. A fixed PRNG (mulberry32) rather than faker: the generator must be cheap
 * next to the import it feeds. The shape and width of the values matter, and so does how often a
 * name recurs (identity matching scores each new row against its namesakes).
 */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin"];
const capitalized = (pinyin: string) => pinyin.charAt(0).toUpperCase() + pinyin.slice(1);
const PLACES: [city: string, region: string, code: string][] = [
  ["Beijing", "Beijing", "110101"], ["Shanghai", "Shanghai", "310101"], ["Guangzhou", "Guangdong", "440103"],
  ["Shenzhen", "Guangdong", "440303"], ["Hangzhou", "Zhejiang", "330102"], ["Chengdu", "Sichuan", "510104"],
  ["Wuhan", "Hubei", "420102"], ["Nanjing", "Jiangsu", "320102"],
];
const OCCUPATIONS = ["Teacher", "Engineer", "Nurse", "Accountant", "Driver", "Sales manager", "Civil servant", "Electrician"];
const ENUMS = (name: string) => Object.values(CUSTOMER_COLUMNS.find((c) => c.name === name)!.type as Record<string, string>);
const MARITAL = ENUMS("maritalStatus");
const TIERS = ENUMS("serviceTier");
const RISK = ENUMS("riskPreference");
const CHANNELS = ENUMS("preferredChannel");
const POLICY_STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "LAPSED", "EXPIRED"];
const FREQUENCIES = ["ANNUAL", "MONTHLY", "QUARTERLY", "SINGLE"];

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its line break. */
export const csvLine = (values: (string | number | null)[]) => `${values.map(field).join(",")}\n`;

async function writeCsv(file: string, header: readonly string[], count: number, row: (i: number) => (string | number | null)[]): Promise<void> {
  const out = fs.createWriteStream(file);
  let chunk = `${header.join(",")}\n`;
  for (let i = 0; i < count; i++) {
    chunk += csvLine(row(i));
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

export const customerSourceId = (i: number) => `BENCH-C${String(i).padStart(8, "0")}`;

/** The customer file's columns, in order. */
export const CUSTOMER_HEADER: readonly string[] = CUSTOMER_COLUMNS.map((c) => c.name);

/** Customer `i`'s fields in CUSTOMER_HEADER's order; call with i = 0, 1, 2, … (the rows come from one PRNG stream). */
export function customerRows(seed = 1): (i: number) => (string | number | null)[] {
  const random = mulberry32(seed);
  // names as a book of Chinese customers has them (family names by frequency, one or two given
  // characters, common ones first): the identity matching an import runs meets as many namesakes
  // as in a real book — a few hundred names in all would give every new row dozens to score
  const names = new SeedRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  return (i) => {
    const male = random() < 0.5;
    const year = 1950 + Math.floor(random() * 55);
    const birth = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const [city, region, code] = pick(PLACES);
    const sequence = 2 * Math.floor(random() * 500) + (male ? 1 : 0);
    const surname = capitalized(familyName(names)[1]);
    const given = capitalized(givenName(names, male ? "MALE" : "FEMALE")[1]);
    const values: Record<string, string | number | null> = {
      sourceId: customerSourceId(i), kind: "INDIVIDUAL", fullName: `${surname} ${given}`, gender: male ? "MALE" : "FEMALE",
      dateOfBirth: birth, idType: "RESIDENT_ID", nationalId: makeResidentId(code, birth, sequence),
      email: `${given.replace(" ", ".").toLowerCase()}.${surname.toLowerCase()}${i}@example.com`,
      phone: `+86138${String(Math.floor(random() * 1e8)).padStart(8, "0")}`, address: `${1 + Math.floor(random() * 999)} ${pick(SURNAMES)} Road, ${city}`,
      city, region, occupation: pick(OCCUPATIONS), occupationClass: 1 + Math.floor(random() * 6),
      annualIncome: 100 * Math.floor(random() * 1_000_000), maritalStatus: pick(MARITAL), dependents: Math.floor(random() * 4),
      serviceTier: pick(TIERS), riskPreference: pick(RISK), preferredChannel: pick(CHANNELS),
    };
    return CUSTOMER_HEADER.map((name) => values[name] ?? null);
  };
}

/** `count` individual customers, each with a valid resident id matching its birth date and gender. */
export function writeCustomerFile(file: string, count: number, seed = 1): Promise<void> {
  return writeCsv(file, CUSTOMER_HEADER, count, customerRows(seed));
}

/** `perCustomer` policies of catalogue products for each of `customers` customers, each with one or two covers. */
export function writePolicyFile(file: string, customers: number, perCustomer: number, seed = 2): Promise<void> {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const header = POLICY_COLUMNS.map((c) => c.name);
  return writeCsv(file, header, customers * perCustomer, (i) => {
    const product = pick(PRODUCTS);
    const year = 2015 + Math.floor(random() * 11);
    const start = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-01`;
    const end = `${year + 1 + Math.floor(random() * 20)}-12-31`;
    const sum = 100 * (100_000 + Math.floor(random() * 5_000_000));
    const covers = [{ kind: "DEATH_BENEFIT", limit: sum, deductible: 0 }];
    if (random() < 0.5) covers.push({ kind: "INPATIENT", limit: Math.floor(sum / 10), deductible: 50_000 });
    const values: Record<string, string | number | null> = {
      sourceId: `BENCH-P${String(i).padStart(9, "0")}`, customerSourceId: customerSourceId(i % customers), policyNumber: null,
      productCode: product.code, status: pick(POLICY_STATUSES), premium: 100 * (100 + Math.floor(random() * 20_000)), currency: "CNY",
      premiumFrequency: pick(FREQUENCIES), sumInsured: sum, startDate: start, endDate: end, renewalDate: null,
      salesChannel: pick(CHANNELS), coverages: JSON.stringify(covers),
    };
    return header.map((name) => values[name] ?? null);
  });
}
