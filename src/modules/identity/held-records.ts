import type { NormalizedName } from "./matching/person-name";
import type { KindedRecord } from "./record-matching";

/**
 * A string of its own: the driver hands out text fields as slices of the whole row's text, and a
 * phone number comes back from its parser as a chain of pieces; either keeps far more memory alive
 * than its characters. Held for a whole run, each is copied once.
 */
function own(value: string | null): string | null {
  return value === null ? null : Buffer.from(value, "utf8").toString("utf8");
}

/**
 * Every customer's prepared record for a whole re-cluster, a column per field: the repeated values
 * (names, birth dates, addresses, cities, genders, kinds) are the PrepareCache's single copies, the
 * unique ones owned strings. About 0.3 KB a customer against ~1 KB as objects; a record is built
 * again when a pair asks for it.
 */
export class HeldRecords {
  private readonly ids: string[] = [];
  private readonly names: (NormalizedName | null)[] = [];
  private readonly birthDates: (string | null)[] = [];
  private readonly nationalIds: (string | null)[] = [];
  private readonly phones: (string | null)[] = [];
  private readonly emails: (string | null)[] = [];
  private readonly addresses: (string | null)[] = [];
  private readonly cities: (string | null)[] = [];
  private readonly genders: (string | null)[] = [];
  private readonly kinds: string[] = [];

  get length(): number {
    return this.ids.length;
  }

  /** Holds a record; answers its place (`ord`). */
  push(record: KindedRecord): number {
    this.ids.push(own(record.id) as string);
    this.names.push(record.name);
    this.birthDates.push(record.dateOfBirth);
    this.nationalIds.push(own(record.nationalIdHash));
    this.phones.push(own(record.phone));
    this.emails.push(own(record.email));
    this.addresses.push(record.address);
    this.cities.push(record.city);
    this.genders.push(record.gender);
    this.kinds.push(record.customerKind);
    return this.ids.length - 1;
  }

  get(ord: number): KindedRecord {
    return {
      id: this.ids[ord], name: this.names[ord], dateOfBirth: this.birthDates[ord], nationalIdHash: this.nationalIds[ord],
      phone: this.phones[ord], email: this.emails[ord], address: this.addresses[ord], city: this.cities[ord], gender: this.genders[ord],
      customerKind: this.kinds[ord],
    };
  }

  *[Symbol.iterator](): Iterator<KindedRecord> {
    for (let ord = 0; ord < this.ids.length; ord += 1) yield this.get(ord);
  }
}
