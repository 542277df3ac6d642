import type { SeedRandom } from "../../seed/random";
import { birthDate, emailAddress, familyName, givenName, mobilePhone, nationalIdHash, newPerson, type SyntheticPerson } from "./synthetic-person";

/** Twin: same family name, birth date and home, often the family phone; another given name and id. */
export function twinOf(random: SeedRandom, sibling: SyntheticPerson, personId: number): SyntheticPerson {
  const gender = random.chance(0.5) ? "MALE" : "FEMALE";
  let given = givenName(random, gender);
  while (given[1] === sibling.given[1]) given = givenName(random, gender);
  return {
    ...sibling, personId, gender, given,
    nationalIdHash: nationalIdHash(random, sibling.dateOfBirth, gender),
    phone: random.chance(0.5) ? sibling.phone : mobilePhone(random),
    email: emailAddress(random, sibling.family, given),
  };
}

/** Namesake: another person with the very same name and birth date; nothing else in common. */
export function namesakeOf(random: SeedRandom, person: SyntheticPerson, personId: number): SyntheticPerson {
  const stranger = newPerson(random, personId, person.groupId);
  return {
    ...stranger, family: person.family, given: person.given, gender: person.gender, dateOfBirth: person.dateOfBirth,
    nationalIdHash: nationalIdHash(random, person.dateOfBirth, person.gender),
    email: emailAddress(random, person.family, person.given),
  };
}

/** Spouse or parent at the same address, on the family phone. */
export function relativeSharingPhone(random: SeedRandom, person: SyntheticPerson, personId: number): SyntheticPerson {
  const gender = random.chance(0.5) ? "MALE" : "FEMALE";
  const family = random.chance(0.3) ? person.family : familyName(random);
  const given = givenName(random, gender);
  const dateOfBirth = birthDate(random);
  return {
    ...person, personId, family, given, gender, dateOfBirth,
    nationalIdHash: nationalIdHash(random, dateOfBirth, gender),
    email: emailAddress(random, family, given),
  };
}
