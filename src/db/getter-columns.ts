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
