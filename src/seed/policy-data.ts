import { CustomerKind } from "../modules/customer/customer.enums";
import { RelationshipKind } from "../modules/household/relationship.entity";
import { InsuredObjectKind } from "../modules/policy/insured-object.entity";
import { InsuredRelationship, ParticipantRole } from "../modules/policy/policy-participant.entity";
import { PolicyStatus, PremiumFrequency } from "../modules/policy/policy.entity";
import { GRACE_PERIOD_DAYS } from "../modules/policy/premium-billing";
import { ProductLine } from "../modules/product/product.entity";
import { makeResidentId } from "../shared/national-id";
import { DAY, dayOf, HOUR, isoDate, type DayNumber } from "./clock";
import type { SeedContext } from "./context";
import { sealNationalId } from "./identity";
import type { CustomerSeed, InsuredObjectRow, InstalmentRow, ParticipantRow, PolicySeed, RelationshipRow } from "./model";
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from "./people";
import { CITIES, STREETS } from "./places";
import type { SeedRandom } from "./random";

/** Lines whose cover is on a person (an insured person is named); the others insure an object or a liability. */
const PERSON_LINES = new Set([ProductLine.LIFE, ProductLine.HEALTH, ProductLine.CRITICAL_ILLNESS, ProductLine.ACCIDENT, ProductLine.ANNUITY, ProductLine.TRAVEL]);
const MONTHS_BETWEEN: Record<PremiumFrequency, number> = { MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12, SINGLE: 0 };
/** Instalments older than this are not generated (a 20-year monthly policy would bring 240 rows). */
const HISTORY_DAYS = 3 * 365;
/** Share of in-force policies whose latest instalment is still unpaid (in grace or past it). */
const UNPAID_SHARE = 0.06;

const PLATE_PREFIX: Record<string, string> = {
  Shanghai: "沪", Beijing: "京", Guangdong: "粤", Sichuan: "川", Chongqing: "渝", Zhejiang: "浙", Hubei: "鄂", Tianjin: "津", Jiangsu: "苏",
};
const VEHICLES: readonly [string, string][] = [
  ["BYD", "Qin PLUS"], ["BYD", "Han"], ["Volkswagen", "Lavida"], ["Volkswagen", "Passat"], ["Toyota", "Camry"], ["Toyota", "Corolla"],
  ["Honda", "Accord"], ["Tesla", "Model Y"], ["Geely", "Emgrand"], ["Nissan", "Sylphy"], ["BMW", "3 Series"], ["Li Auto", "L7"],
];
const VIN_CHARACTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
const PLATE_CHARACTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/** A household member as the holder's relationship row names them, turned to "how they stand to the holder". */
const STANDING: Partial<Record<RelationshipKind, InsuredRelationship>> = {
  [RelationshipKind.SPOUSE]: InsuredRelationship.SPOUSE,
  [RelationshipKind.CHILD]: InsuredRelationship.CHILD,
  [RelationshipKind.PARENT]: InsuredRelationship.PARENT,
};
const INVERSE: Partial<Record<InsuredRelationship, InsuredRelationship>> = {
  SPOUSE: InsuredRelationship.SPOUSE, CHILD: InsuredRelationship.PARENT, PARENT: InsuredRelationship.CHILD,
};

export interface PolicyData {
  participants: ParticipantRow[];
  insuredObjects: InsuredObjectRow[];
  instalments: InstalmentRow[];
}

function chars(random: SeedRandom, alphabet: string, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)];
  return text;
}

/** The same day of the month `months` later (clamped to the month's last day). */
function addMonths(day: DayNumber, months: number): DayNumber {
  const date = new Date(day * DAY);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return dayOf(target.getTime());
}

/**
 * Participants, insured objects and premium instalments of one customer's policies. Drawn from
 * the run's second random stream (`context.policyRandom`), so that the customers, policies and
 * claims of a seed stay exactly as they were before these tables existed.
 */
export class PolicyDataPlanner {
  private readonly household = new Map<string, RelationshipRow[]>();

  constructor(private readonly context: SeedContext, relationships: readonly RelationshipRow[]) {
    for (const row of relationships) this.household.set(row.customerId, [...(this.household.get(row.customerId) ?? []), row]);
  }

  make(holder: CustomerSeed, policies: readonly PolicySeed[]): PolicyData {
    const out: PolicyData = { participants: [], insuredObjects: [], instalments: [] };
    for (const policy of policies) {
      const participants = this.participants(holder, policy);
      out.participants.push(...participants);
      out.insuredObjects.push(...this.insuredObjects(holder, policy, participants));
      out.instalments.push(...this.instalments(policy));
    }
    return out;
  }

  private get random(): SeedRandom {
    return this.context.policyRandom;
  }

  private participant(policy: PolicySeed, role: ParticipantRole, fields: Partial<ParticipantRow>): ParticipantRow {
    return {
      id: this.random.uuid(), policyId: policy.row.id, customerId: policy.row.customerId, role, participantCustomerId: null, name: null,
      dateOfBirth: null, nationalIdEncrypted: null, nationalIdHash: null, relationship: null, sharePercent: null, order: 1,
      createdAt: policy.row.createdAt, ...fields,
    };
  }

  private members(holder: CustomerSeed): { customerId: string; standing: InsuredRelationship }[] {
    return (this.household.get(holder.row.id) ?? []).flatMap((row) => {
      const standing = STANDING[row.kind];
      return standing ? [{ customerId: row.relatedCustomerId, standing }] : [];
    });
  }

  private participants(holder: CustomerSeed, policy: PolicySeed): ParticipantRow[] {
    const person = holder.kind === CustomerKind.INDIVIDUAL;
    const line = policy.product.line;
    const members = this.members(holder);
    // the insured: the holder, or (person lines) a spouse or child of the household now and then
    const candidates = members.filter((m) => m.standing !== InsuredRelationship.PARENT);
    const insuredMember = person && PERSON_LINES.has(line) && candidates.length > 0 && this.random.chance(0.25) ? this.random.pick(candidates) : null;
    const rows = [
      this.participant(policy, ParticipantRole.POLICYHOLDER, {
        participantCustomerId: holder.row.id,
        relationship: person ? (insuredMember ? INVERSE[insuredMember.standing]! : InsuredRelationship.SELF) : InsuredRelationship.EMPLOYER,
      }),
    ];
    if (person) {
      rows.push(this.participant(policy, ParticipantRole.INSURED, { participantCustomerId: insuredMember?.customerId ?? holder.row.id, relationship: InsuredRelationship.SELF }));
    }
    if (person && line === ProductLine.LIFE) rows.push(...this.beneficiaries(policy, insuredMember ? [] : members));
    // a minor's premium is paid by a parent; otherwise no PAYER row: the policyholder pays
    const parent = holder.minor ? members.find((m) => m.standing === InsuredRelationship.PARENT) : undefined;
    if (parent) rows.push(this.participant(policy, ParticipantRole.PAYER, { participantCustomerId: parent.customerId, relationship: InsuredRelationship.PARENT }));
    return rows;
  }

  /** One to three first-order beneficiaries sharing 100 %, now and then a second order; customers of the household or named persons. */
  private beneficiaries(policy: PolicySeed, members: { customerId: string; standing: InsuredRelationship }[]): ParticipantRow[] {
    const rows: ParticipantRow[] = [];
    const orders = this.random.chance(0.2) ? 2 : 1;
    const pool = [...members];
    for (let order = 1; order <= orders; order++) {
      const count = this.random.int(1, 3);
      const shares = count === 1 ? [100] : count === 2 ? this.random.pick([[50, 50], [60, 40], [70, 30]]) : this.random.pick([[34, 33, 33], [50, 25, 25], [40, 30, 30]]);
      for (const share of shares) {
        const member = pool.length > 0 && this.random.chance(0.6) ? pool.splice(this.random.int(0, pool.length - 1), 1)[0] : null;
        rows.push(
          this.participant(policy, ParticipantRole.BENEFICIARY, member
            ? { participantCustomerId: member.customerId, relationship: member.standing, sharePercent: share, order }
            : { ...this.namedPerson(), sharePercent: share, order }),
        );
      }
    }
    return rows;
  }

  /** A person who is no customer: name, date of birth and a sealed resident id. */
  private namedPerson(): Partial<ParticipantRow> {
    const random = this.random;
    const relationship = random.pick([InsuredRelationship.SPOUSE, InsuredRelationship.CHILD, InsuredRelationship.PARENT, InsuredRelationship.OTHER]);
    const male = random.chance(0.5);
    const age = relationship === InsuredRelationship.CHILD ? random.int(1, 30) : relationship === InsuredRelationship.PARENT ? random.int(50, 85) : random.int(22, 70);
    const birth = isoDate(this.context.today - age * 365 - random.int(0, 364));
    const district = random.pick(random.pick(CITIES).districts);
    const nationalId = makeResidentId(district.regionCode, birth, random.int(0, 499) * 2 + (male ? 1 : 0));
    return {
      name: `${random.weighted(FAMILY_NAMES)} ${random.pick(male ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES)}`,
      dateOfBirth: birth,
      relationship,
      ...sealNationalId(this.context, nationalId),
    };
  }

  private insuredObjects(holder: CustomerSeed, policy: PolicySeed, participants: ParticipantRow[]): InsuredObjectRow[] {
    const random = this.random;
    const base = { policyId: policy.row.id, customerId: policy.row.customerId, currency: policy.row.currency, createdAt: policy.row.createdAt };
    const empty = { plate: null, vin: null, make: null, model: null, year: null, address: null, city: null, region: null, constructionYear: null, sumInsured: null, participantId: null };
    const line = policy.product.line;
    if (line === ProductLine.AUTO) {
      const count = holder.kind === CustomerKind.INDIVIDUAL ? 1 : random.int(3, 8);
      return Array.from({ length: count }, () => {
        const [make, model] = random.pick(VEHICLES);
        const prefix = PLATE_PREFIX[holder.row.region ?? ""] ?? "京";
        return {
          ...base, ...empty, id: random.uuid(), kind: InsuredObjectKind.VEHICLE, make, model, year: random.int(2012, 2026),
          plate: `${prefix}${"ABCDEFGH"[random.int(0, 7)]}${chars(random, PLATE_CHARACTERS, 5)}`,
          vin: `L${chars(random, VIN_CHARACTERS, 16)}`,
        };
      });
    }
    if (line === ProductLine.PROPERTY) {
      const own = holder.kind === CustomerKind.INDIVIDUAL && holder.row.address;
      return [{
        ...base, ...empty, id: random.uuid(), kind: InsuredObjectKind.PROPERTY,
        address: own ? holder.row.address : `${random.int(1, 999)} ${random.pick(STREETS)}`,
        city: holder.row.city, region: holder.row.region, constructionYear: random.int(1985, 2023), sumInsured: policy.row.sumInsured,
      }];
    }
    const insured = participants.find((p) => p.role === ParticipantRole.INSURED);
    return insured ? [{ ...base, ...empty, id: random.uuid(), kind: InsuredObjectKind.PERSON, participantId: insured.id }] : [];
  }

  /**
   * Instalments per the premium frequency from the start of cover (at most HISTORY_DAYS back) to
   * today, and the next one for a policy in force. Paid on or before the due date as a rule, some
   * late within grace; a small share of in-force policies has its latest instalment unpaid, and a
   * lapsed policy its last.
   */
  private instalments(policy: PolicySeed): InstalmentRow[] {
    const { row } = policy;
    if (row.status === PolicyStatus.QUOTED) return [];
    const random = this.random;
    const today = this.context.today;
    const start = policy.coverFrom;
    const step = MONTHS_BETWEEN[row.premiumFrequency];
    const active = row.status === PolicyStatus.ACTIVE;
    const last = active ? Math.min(dayOf(Date.parse(`${row.endDate}T00:00:00Z`)), today + 366) : policy.coverTo;
    const dues: DayNumber[] = [];
    for (let k = 0, due = start; due <= last; k++, due = addMonths(start, k * step)) {
      if (due >= today - HISTORY_DAYS) dues.push(due);
      if (due > today || step === 0) break; // the next due date after today is the last generated
    }
    const unpaidLatest = active && random.chance(UNPAID_SHARE);
    const latestDue = dues.filter((due) => due <= today).pop();
    return dues.map((due) => {
      const unpaid = due > today || (due === latestDue && (unpaidLatest || row.status === PolicyStatus.LAPSED));
      const paidDay = random.chance(0.1) ? due + random.int(1, GRACE_PERIOD_DAYS - 5) : due - random.int(0, 15);
      const paidAt = Math.min(paidDay * DAY + random.int(8, 20) * HOUR, this.context.now);
      return {
        id: random.uuid(), policyId: row.id, customerId: row.customerId, dueDate: isoDate(due), amount: row.premium, currency: row.currency,
        paidAt: unpaid ? null : new Date(paidAt), createdAt: row.createdAt,
      };
    });
  }
}
