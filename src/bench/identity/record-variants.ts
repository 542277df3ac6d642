import type { MatchRecord } from "../../modules/identity/matching/match-record";
import type { SeedRandom } from "../../seed/random";
import { emailAddress, homeAddress, mobilePhone, type SyntheticPerson } from "./synthetic-person";

export interface LabelledRecord extends MatchRecord {
  personId: number;
  groupId: number;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const HOMOPHONES: Record<string, string> = { 伟: "玮", 明: "铭", 丽: "莉", 静: "靜", 华: "花", 杰: "洁", 军: "君", 敏: "闵", 涛: "韬", 婷: "亭", 琳: "林", 晨: "辰", 宇: "雨" };

function homophoneOf(given: string): string {
  return [...given].map((character) => HOMOPHONES[character] ?? character).join("");
}
const capitalised = (word: string) => word[0].toUpperCase() + word.slice(1);

/** One slip of the keyboard: a letter replaced, dropped, doubled or swapped with its neighbour. */
function typo(random: SeedRandom, text: string): string {
  const at = random.int(1, Math.max(1, text.length - 2));
  switch (random.int(0, 3)) {
    case 0: return text.slice(0, at) + random.pick([...LETTERS]) + text.slice(at + 1);
    case 1: return text.slice(0, at) + text.slice(at + 1);
    case 2: return text.slice(0, at) + text[at] + text.slice(at);
    default: return text.slice(0, at - 1) + text[at] + text[at - 1] + text.slice(at + 1);
  }
}

function writtenName(random: SeedRandom, person: SyntheticPerson): string {
  const [familyHanzi, familyPinyin] = person.family;
  const [givenHanzi, givenPinyin] = person.given;
  const form = random.weighted([["hanzi", 55], ["familyFirst", 20], ["givenFirst", 12], ["upper", 6], ["split", 3], ["spaced", 4]] as const);
  if (form === "hanzi") {
    // a pinyin input method offers homophones: the wrong character has the same sound
    if (random.chance(0.02)) return familyHanzi + homophoneOf(givenHanzi);
    return familyHanzi + givenHanzi;
  }
  if (form === "spaced") return `${familyHanzi} ${givenHanzi}`;
  let family = familyPinyin;
  let given = givenPinyin;
  if (random.chance(0.05)) given = typo(random, given);
  if (random.chance(0.02)) family = typo(random, family);
  if (form === "familyFirst") return `${capitalised(family)} ${capitalised(given)}`;
  if (form === "givenFirst") return `${capitalised(given)} ${capitalised(family)}`;
  if (form === "upper") return `${family.toUpperCase()} ${capitalised(given)}`;
  // the given name cut into its syllables is not known here; cut it in the middle
  const cut = Math.ceil(given.length / 2);
  return `${capitalised(given.slice(0, cut))} ${given.slice(cut)} ${capitalised(family)}`;
}

function writtenBirthDate(random: SeedRandom, dateOfBirth: string): string | null {
  if (random.chance(0.04)) return null;
  const [year, month, day] = dateOfBirth.split("-");
  if (random.chance(0.01) && Number(day) <= 12) return `${year}-${day}-${month}`;
  if (random.chance(0.015)) {
    const digits = [...dateOfBirth];
    const at = random.pick([3, 6, 9]);
    digits[at] = String((Number(digits[at]) + random.int(1, 8)) % 10);
    const altered = digits.join("");
    return Number.isNaN(Date.parse(altered)) ? dateOfBirth : altered;
  }
  return dateOfBirth;
}

function writtenPhone(random: SeedRandom, phone: string): string | null {
  if (random.chance(0.08)) return null;
  let national = phone.slice(3);
  if (random.chance(0.015)) {
    const at = random.int(3, 10);
    national = national.slice(0, at) + String((Number(national[at]) + random.int(1, 9)) % 10) + national.slice(at + 1);
  }
  return random.weighted([
    [national, 5], [`+86 ${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`, 2],
    [`${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`, 2], [`0086${national}`, 1],
  ] as const);
}

function writtenEmail(random: SeedRandom, email: string): string | null {
  if (random.chance(0.15)) return null;
  if (random.chance(0.1)) return email.toUpperCase();
  if (email.endsWith("@gmail.com") && random.chance(0.3)) return email.replace("@", "+insurance@");
  return random.chance(0.1) ? ` ${email} ` : email;
}

function writtenAddress(random: SeedRandom, address: string): string | null {
  if (random.chance(0.08)) return null;
  if (random.chance(0.2)) return address.replace("区", "区 ").replace("号", "号，");
  // full-width digits, as some input methods type them
  if (random.chance(0.1)) return address.replace(/\d/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0));
  return address;
}

export function writtenRecord(random: SeedRandom, person: SyntheticPerson, id: string): LabelledRecord {
  return {
    id, personId: person.personId, groupId: person.groupId,
    fullName: random.chance(0.01) ? null : writtenName(random, person),
    dateOfBirth: writtenBirthDate(random, person.dateOfBirth),
    nationalIdHash: random.chance(0.6) ? person.nationalIdHash : null,
    phone: writtenPhone(random, person.phone),
    email: writtenEmail(random, person.email),
    address: writtenAddress(random, person.address),
    city: random.chance(0.05) ? null : person.city,
    gender: random.chance(0.03) ? null : person.gender,
  };
}

/** What may have changed about a person between two of their records. */
export function laterSelf(random: SeedRandom, person: SyntheticPerson): SyntheticPerson {
  const later = { ...person };
  if (random.chance(0.2)) later.phone = mobilePhone(random);
  if (random.chance(0.15)) later.email = emailAddress(random, person.family, person.given);
  if (random.chance(0.15)) Object.assign(later, homeAddress(random, random.chance(0.7) ? person.city : undefined));
  return later;
}
