import { moneyGetters } from "../src/db/getter-columns";
import { ENTITIES } from "../src/modules";
import { Money } from "../src/shared/money";

/**
 * A Money getter declared with `@ReadsMoney` is written by SQL from its form (the amount and
 * currency columns; null when an optional one's amount is): each getter must compute exactly that.
 */
describe("Money getters and their declared forms", () => {
  const getters = moneyGetters();

  it("every Money getter of an entity declares its form (a getter reading other columns, e.g. annualPremium, keeps @Reads)", () => {
    expect(getters.length).toBe(9);
    for (const { entity } of getters) expect(ENTITIES).toContain(entity);
  });

  it.each(getters.map((g) => [`${g.entity.name}.${g.getter}`, g] as const))("%s returns money(amount, currency) as its form says", (_name, { entity, getter, form }) => {
    const read = (values: Record<string, unknown>) => {
      const row = Object.assign(Object.create(entity.prototype), values);
      return Object.getOwnPropertyDescriptor(entity.prototype, getter)!.get!.call(row);
    };
    for (const [amount, currency] of [[0, "CNY"], [123456789, "EUR"], [-5, "USD"]] as const) {
      const value = read({ [form.amount]: amount, [form.currency]: currency, premiumFrequency: "MONTHLY" });
      expect(value).toBeInstanceOf(Money);
      expect({ ...value }).toEqual({ amount, currency });
    }
    const none = read({ [form.amount]: null, [form.currency]: "CNY" });
    if (form.optional) expect(none).toBeNull();
    else expect({ ...none }).toEqual({ amount: null, currency: "CNY" }); // a non-null Money with no amount: the executor's error, the text's FAULT
  });
});
