import { CustomerKind } from "../modules/customer/customer.enums";
import { RelationshipKind } from "../modules/household/relationship.entity";
import { DAY } from "./clock";
import type { SeedContext } from "./context";
import { linkBothWays, makeHousehold } from "./households";
import { erase, type Home } from "./individuals";
import type { CustomerSeed, RelationshipRow } from "./model";
import { makeOrganisation } from "./organisations";
import { CITY_CHOICES, districtLabel, STREETS } from "./places";

export interface CustomerBatch {
  customers: CustomerSeed[];
  relationships: RelationshipRow[];
}

type Unit = CustomerKind.ENTERPRISE | CustomerKind.GROUP | "HOUSEHOLD";

/** Customers per family household, on average (used to weigh households against organisations). */
const AVERAGE_HOUSEHOLD_SIZE = 2;
const ERASURE_RATE_OF_SINGLES = 0.05;
const EMPLOYEE_LINK_RATE = 0.1;

/**
 * Hands out customers in batches of whole households: exactly `total` customers, of which 6 %
 * enterprises and 4 % group schemes, the rest people in families.
 */
export class CustomerPlanner {
  private enterprises: number;
  private groups: number;
  private individuals: number;
  private firstUnit = true;

  constructor(private readonly context: SeedContext, total: number) {
    this.enterprises = Math.round(total * 0.06);
    this.groups = Math.round(total * 0.04);
    this.individuals = total - this.enterprises - this.groups;
  }

  get done(): boolean {
    return this.enterprises + this.groups + this.individuals === 0;
  }

  nextBatch(size: number): CustomerBatch {
    const batch: CustomerBatch = { customers: [], relationships: [] };
    while (batch.customers.length < size && !this.done) this.addUnit(batch);
    this.linkEmployees(batch);
    return batch;
  }

  private addUnit(batch: CustomerBatch): void {
    const { random } = this.context;
    const unit = random.weighted<Unit>([
      [CustomerKind.ENTERPRISE, this.enterprises],
      [CustomerKind.GROUP, this.groups],
      ["HOUSEHOLD", this.individuals / AVERAGE_HOUSEHOLD_SIZE],
    ]);
    const home = this.makeHome();
    if (unit !== "HOUSEHOLD") {
      batch.customers.push(makeOrganisation(this.context, home, unit));
      if (unit === CustomerKind.ENTERPRISE) this.enterprises -= 1;
      else this.groups -= 1;
      return;
    }
    const household = makeHousehold(this.context, home, this.individuals);
    this.individuals -= household.members.length;
    const [only] = household.members;
    const erasable = household.members.length === 1 && only.createdAt < this.context.now - 40 * DAY;
    if (erasable && random.chance(ERASURE_RATE_OF_SINGLES)) erase(this.context, only);
    batch.customers.push(...household.members);
    batch.relationships.push(...household.relationships);
  }

  /** The first household or organisation is always in agent1's book. */
  private makeHome(): Home {
    const { random, staff } = this.context;
    const city = random.weighted(CITY_CHOICES);
    const district = random.pick(city.districts);
    const agentId = this.firstUnit ? staff.agents[0] : random.pick(staff.agents);
    this.firstUnit = false;
    const address = `Room ${random.int(1, 32)}${String(random.int(1, 6)).padStart(2, "0")}, Building ${random.int(1, 20)}, No. ${random.int(1, 888)} ${random.pick(STREETS)}, ${districtLabel(district)}`;
    return { city, district, address, agentId };
  }

  /** Some working adults are employees of an enterprise customer of the same batch. */
  private linkEmployees(batch: CustomerBatch): void {
    const employers = batch.customers.filter((customer) => customer.kind === CustomerKind.ENTERPRISE);
    if (employers.length === 0) return;
    const { random } = this.context;
    for (const person of batch.customers) {
      if (!person.employable || !random.chance(EMPLOYEE_LINK_RATE)) continue;
      const employer = random.pick(employers);
      batch.relationships.push(...linkBothWays(this.context, person, employer, RelationshipKind.EMPLOYER, RelationshipKind.EMPLOYEE));
    }
  }
}
