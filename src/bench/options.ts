/** A bench's integer command-line option, checked against its range (`--name must be an integer from min to max`). */
export function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

/** A bench's option that names one of `choices` (`--name must be one of a, b`). */
export function oneOf<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  if (!choices.includes(raw as T)) throw new Error(`--${name} must be one of ${choices.join(", ")}`);
  return raw as T;
}
