import { SeedRandom } from "../../seed/random";
import { laterSelf, writtenRecord, type LabelledRecord } from "./record-variants";
import { namesakeOf, relativeSharingPhone, twinOf } from "./relatives";
import { newPerson, type SyntheticPerson } from "./synthetic-person";

/** Extra records per person beyond the first: 0 for most, up to 3. Mean ≈ 0.21 (≈ 17 % of records). */
const EXTRA_RECORDS = [[0, 84], [1, 12], [2, 3], [3, 1]] as const;

/**
 * `recordCount` labelled customer records, the same for the same seed. People come alone or with
 * relatives who make matching hard: twins, namesakes, family members on one phone.
 */
export function syntheticCustomers(recordCount: number, seed: number): LabelledRecord[] {
  const random = new SeedRandom(seed);
  const records: LabelledRecord[] = [];
  const people: SyntheticPerson[] = [];
  let groupId = 0;
  const addPeople = (person: SyntheticPerson) => {
    people.push(person);
    let self = person;
    const extra = random.weighted(EXTRA_RECORDS);
    for (let n = 0; n <= extra && records.length < recordCount; n++) {
      if (n > 0) self = laterSelf(random, self);
      records.push(writtenRecord(random, self, `r${records.length}`));
    }
  };
  while (records.length < recordCount) {
    const person = newPerson(random, people.length, groupId++);
    addPeople(person);
    if (random.chance(0.01)) addPeople(twinOf(random, person, people.length));
    if (random.chance(0.08)) addPeople(relativeSharingPhone(random, person, people.length));
    if (random.chance(0.015) && people.length > 1) {
      const original = people[random.int(0, people.length - 2)];
      addPeople(namesakeOf(random, original, people.length));
    }
  }
  return records;
}
