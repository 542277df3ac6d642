import { createHash } from "node:crypto";
import type { SeedRandom } from "../../seed/random";
import { makeResidentId } from "../../shared/national-id";
import { CITIES, FAMILY_NAMES, FEMALE_GIVEN_CHARACTERS, MAIL_PROVIDERS, MALE_GIVEN_CHARACTERS, MOBILE_PREFIXES, STREETS, type Spelling } from "./name-tables";

/** The truth about one synthetic customer; its records are noisy renderings of it. */
export interface SyntheticPerson {
  personId: number;
  /** People who must land in the same training/held-out half: a family, twins, namesakes. */
  groupId: number;
  family: Spelling;
  given: Spelling;
  gender: "MALE" | "FEMALE";
  dateOfBirth: string;
  nationalIdHash: string;
  phone: string;
  email: string;
  address: string;
  city: string;
}

const FAMILY_WEIGHTS = FAMILY_NAMES.map((name, rank) => [name, 1 / (rank + 4)] as const);
const PROVINCE_CODES = ["110101", "310104", "440106", "440305", "330106", "510104", "420102", "320102"];

export function familyName(random: SeedRandom): Spelling {
  return random.weighted(FAMILY_WEIGHTS);
}

export function givenName(random: SeedRandom, gender: "MALE" | "FEMALE"): Spelling {
  const characters = gender === "MALE" ? MALE_GIVEN_CHARACTERS : FEMALE_GIVEN_CHARACTERS;
  // common single characters first in the lists: a skewed pick makes namesakes happen naturally
  const pick = () => characters[Math.floor(characters.length * random.next() ** 1.6)];
  if (random.chance(0.3)) return pick();
  const first = pick();
  const second = pick();
  return [first[0] + second[0], first[1] + second[1]];
}

export function birthDate(random: SeedRandom): string {
  const year = random.int(1950, 2006);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function nationalIdHash(random: SeedRandom, dateOfBirth: string, gender: string): string {
  const sequence = random.int(0, 499) * 2 + (gender === "MALE" ? 1 : 0);
  const id = makeResidentId(random.pick(PROVINCE_CODES), dateOfBirth, sequence);
  return createHash("sha256").update(`${id}:${random.digits(6)}`).digest("hex");
}

export function mobilePhone(random: SeedRandom): string {
  return `+86${random.pick(MOBILE_PREFIXES)}${random.digits(8)}`;
}

export function homeAddress(random: SeedRandom, city?: string): { address: string; city: string } {
  const [chosenCity, districts] = city ? CITIES.find(([name]) => name === city)! : random.pick(CITIES);
  const street = `${random.pick(STREETS)}${random.pick(["路", "街", "大道"])}`;
  const address = `${chosenCity}市${random.pick(districts)}区${street}${random.int(1, 300)}号${random.int(1, 30)}栋${random.int(1, 30)}0${random.int(1, 6)}室`;
  return { address, city: chosenCity };
}

export function emailAddress(random: SeedRandom, family: Spelling, given: Spelling): string {
  const domain = random.weighted(MAIL_PROVIDERS);
  if (domain === "qq.com" && random.chance(0.7)) return `${random.int(10000, 3999999999)}@qq.com`;
  const local = random.weighted([
    [`${given[1]}.${family[1]}${random.int(1, 99)}`, 3],
    [`${family[1]}${given[1]}${random.int(60, 2006)}`, 3],
    [`${family[1][0]}${given[1]}${random.digits(3)}`, 2],
    [`${given[1]}_${random.digits(4)}`, 1],
  ] as const);
  return `${local}@${domain}`;
}

export function newPerson(random: SeedRandom, personId: number, groupId: number): SyntheticPerson {
  const gender = random.chance(0.5) ? "MALE" : "FEMALE";
  const family = familyName(random);
  const given = givenName(random, gender);
  const dateOfBirth = birthDate(random);
  return {
    personId, groupId, family, given, gender, dateOfBirth,
    nationalIdHash: nationalIdHash(random, dateOfBirth, gender),
    phone: mobilePhone(random),
    email: emailAddress(random, family, given),
    ...homeAddress(random),
  };
}
