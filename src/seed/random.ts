import { Faker, en, generateMersenne53Randomizer, type Randomizer } from "@faker-js/faker";

export type Weighted<T> = readonly (readonly [T, number])[];

/**
 * The one source of randomness of a seed run. Every value (ids included) is drawn from this
 * stream in a fixed order, so the same seed gives the same data.
 */
export class SeedRandom {
  private readonly randomizer: Randomizer;
  private readonly faker: Faker;

  constructor(seed: number) {
    this.randomizer = generateMersenne53Randomizer();
    this.faker = new Faker({ locale: [en], randomizer: this.randomizer });
    this.faker.seed(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.randomizer.next();
  }

  uuid(): string {
    return this.faker.string.uuid();
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Real number in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("cannot pick from an empty list");
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(choices: Weighted<T>): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let point = this.next() * total;
    for (const [value, weight] of choices) {
      point -= weight;
      if (point < 0) return value;
    }
    // rounding left a sliver: the last choice that can be drawn at all
    for (let i = choices.length - 1; i >= 0; i--) if (choices[i][1] > 0) return choices[i][0];
    throw new Error("cannot choose when every weight is zero");
  }

  /** `count` distinct items in random order (fewer when the list is shorter). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) {
      chosen.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    }
    return chosen;
  }

  /** Standard normal deviate (Box–Muller). */
  gaussian(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal around a median: most values within a factor e^sigma of it. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.gaussian());
  }

  digits(length: number): string {
    let text = "";
    for (let i = 0; i < length; i++) text += Math.floor(this.next() * 10);
    return text;
  }
}
