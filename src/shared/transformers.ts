import type { ValueTransformer } from "typeorm";

/**
 * bigint columns hold money in minor units. node-postgres returns them as strings and PGlite as
 * BigInt; both become a JS number (safe up to 9e15 minor units).
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | bigint | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/** A bigint that is an identifier, not an amount (a keyed digest): its decimal text from both drivers. */
export const bigintToText: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | bigint | number | null) => (value === null || value === undefined ? value : String(value)),
};
