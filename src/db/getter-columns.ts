const declared = new WeakMap<Function, Map<string, string[]>>();

/**
 * Declares the column properties an entity getter computes its value from, next to the getter:
 * a read that builds rows with only the asked-for columns (compiled reads) selects these. A getter
 * without it makes such a read fetch every plain column of its entity (always correct, only slower).
 */
export function Reads(...properties: string[]) {
  return (prototype: object, getter: string): void => {
    const target = prototype.constructor;
    let byGetter = declared.get(target);
    if (!byGetter) declared.set(target, (byGetter = new Map()));
    byGetter.set(getter, properties);
  };
}

/** The properties a getter declared it reads (by the getter's own name), or undefined. */
export function getterReads(entity: Function, getter: string): string[] | undefined {
  return declared.get(entity)?.get(getter);
}

/** How a Money getter is formed from its row: `money(amount, currency)`, or `optionalMoney` (null when the amount is). */
export interface MoneyForm {
  amount: string;
  currency: string;
  optional: boolean;
}

const moneyForms = new Map<Function, Map<string, MoneyForm>>();

/**
 * `@Reads` for a getter that returns `money(this[amount], this[currency])` (`optional`:
 * `optionalMoney`): the columns it reads, and its form, so a read that builds its answer in SQL
 * (src/graphql/compiled/read-text.ts) writes the same Money. `test/money-forms.spec.ts` checks
 * each declared getter against its form.
 */
export function ReadsMoney(amount: string, currency: string, options: { optional?: boolean } = {}) {
  return (prototype: object, getter: string): void => {
    Reads(amount, currency)(prototype, getter);
    const target = prototype.constructor;
    let byGetter = moneyForms.get(target);
    if (!byGetter) moneyForms.set(target, (byGetter = new Map()));
    byGetter.set(getter, { amount, currency, optional: options.optional === true });
  };
}

/** The form a Money getter declared (by the getter's own name), or undefined. */
export function moneyForm(entity: Function, getter: string): MoneyForm | undefined {
  return moneyForms.get(entity)?.get(getter);
}

/** Every declared Money getter: for the spec that checks each against its form. */
export function moneyGetters(): { entity: Function; getter: string; form: MoneyForm }[] {
  return [...moneyForms].flatMap(([entity, byGetter]) => [...byGetter].map(([getter, form]) => ({ entity, getter, form })));
}
