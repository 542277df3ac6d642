import type { RequestContext } from "../../auth/request-context";
import { accessFor, FIELD_CLASSES } from "../../auth/field-policy";
import { PROFILE_ATTRIBUTES, type ProfileAttribute } from "../../shared/survivorship";
import type { Customer } from "../customer/customer.entity";
import { personLoaders, type VisiblePerson } from "./person.loaders";
import { PersonProfile, type Person } from "./person.types";
import { chooseProfile, type AttributeUse, type MemberRecord } from "./survivorship";

/**
 * How far a viewer may use an attribute's values (survivorship.ts): the access of its key field's
 * class; a consent-bound class counts as none (the profile holds no such field today).
 */
function attributeUse(ctx: RequestContext, attribute: ProfileAttribute): AttributeUse {
  if (ctx.viewer.kind === "anonymous") return "none";
  const access = accessFor(ctx.viewer.role, FIELD_CLASSES.PersonProfile[PROFILE_ATTRIBUTES[attribute][0]]);
  return access === "full" ? "full" : access === "masked" || access === "band" ? "reduced" : "none";
}

function memberRecord(person: VisiblePerson, customer: Customer): MemberRecord {
  return {
    id: customer.id,
    customerNumber: customer.customerNumber,
    updatedAt: customer.updatedAt,
    erasedAt: customer.erasedAt,
    sources: person.sources.get(customer.id) ?? [],
    values: customer as unknown as Record<string, unknown>,
  };
}

/** The unified profile of the visible records: each attribute's fields from the record its rule chose, and where they came from. */
function profileOf(ctx: RequestContext, person: VisiblePerson): PersonProfile {
  const members = person.records.map((customer) => memberRecord(person, customer));
  const profile: PersonProfile = Object.assign(new PersonProfile(), { provenance: [], customerIdByField: {} });
  const values = profile as unknown as Record<string, unknown>;
  for (const fields of Object.values(PROFILE_ATTRIBUTES)) for (const field of fields) values[field] = null;
  for (const chosen of chooseProfile(members, ctx.config.survivorship, (attribute) => attributeUse(ctx, attribute))) {
    for (const field of PROFILE_ATTRIBUTES[chosen.attribute]) {
      values[field] = chosen.record.values[field] ?? null;
      profile.customerIdByField[field] = chosen.record.id;
    }
    if (!chosen.shown) continue;
    profile.provenance.push({
      attribute: chosen.attribute,
      rule: chosen.rule,
      recordId: chosen.record.id,
      customerNumber: chosen.record.customerNumber,
      sourceSystem: chosen.record.sources[0] ?? null,
      recordUpdatedAt: chosen.record.updatedAt,
    });
  }
  return profile;
}

/** The person a customer record belongs to, as far as the viewer's row scope reaches; null when it is linked to no visible record. */
export async function personOf(ctx: RequestContext, customer: Customer): Promise<Person | null> {
  const person = await ctx.loaders.get(personLoaders).personByCustomerId.load(customer.id);
  if (!person) return null;
  return { id: person.personId, records: person.records, profile: profileOf(ctx, person) };
}
