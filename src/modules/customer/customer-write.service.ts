import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { ConflictError, invalidFields, type FieldProblem } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { Role } from "../../auth/role";
import { Customer } from "./customer.entity";
import { ServiceTier } from "./customer.enums";
import { nationalIdOf, piiCipher, sealNationalId } from "./customer-identity.service";
import { requireCustomer } from "./customer.service";
import { identityProblems, normalizeNationalId } from "./customer-validation";
import type { CustomerChangesInput, CustomerProfileFields, NewCustomerInput } from "./customer-write.inputs";
import { lockRegister, updateAtVersion } from "../../db/write-guards";
import { matchWrittenCustomers } from "../identity/record-matching";
import { staffLoaders } from "../staff/staff.loaders";
import { recordApiSourceKey } from "../source/source-key.service";
import { SourceEntityKind } from "../source/source-key.entity";
import { causeOf, changed, recordEvents } from "../events/outbox";

type CustomerColumns = Partial<Omit<Customer, "annualIncomeMoney">>;

/** Stored as given (nationalId is sealed separately). */
export const PLAIN_FIELDS = [
  "fullName", "gender", "dateOfBirth", "idType", "email", "phone", "address", "city", "region", "occupation",
  "occupationClass", "annualIncome", "maritalStatus", "dependents", "serviceTier", "riskPreference", "preferredChannel",
] as const;
/** Columns that cannot be cleared. */
const REQUIRED_FIELDS = ["fullName", "dependents", "serviceTier"] as const;

/** The columns identity matching compares: a change to one of them matches the record again. */
const MATCHED_FIELDS = ["fullName", "dateOfBirth", "gender", "phone", "email", "address", "city"] as const;

export function plainColumns(input: CustomerProfileFields & { fullName?: string | null }): CustomerColumns {
  const columns: Record<string, unknown> = {};
  for (const field of PLAIN_FIELDS) {
    const value = input[field];
    if (value !== undefined) columns[field] = typeof value === "string" ? value.trim() : value;
  }
  if (typeof columns.email === "string") columns.email = columns.email.toLowerCase();
  return columns as CustomerColumns;
}

function sealed(ctx: RequestContext, nationalId: string | null) {
  return nationalId === null ? { nationalIdEncrypted: null, nationalIdHash: null } : sealNationalId(ctx, nationalId);
}

export async function nextCustomerNumber(manager: EntityManager): Promise<string> {
  const [row]: { n: number }[] = await manager.query(
    `SELECT coalesce(max(substring(customer_number FROM 2)::int), 0) + 1 AS n FROM customer WHERE customer_number ~ '^C[0-9]{8}$'`,
  );
  return `C${String(row.n).padStart(8, "0")}`;
}

/**
 * A national id already held by another customer is not refused: a CONFLICT would tell the caller
 * about a customer their row scope hides (DESIGN §5, no uniqueness oracle). The write goes through
 * and the pair is flagged for duplicate review; the answer is the same as for a fresh id, also when
 * the other customer is in the caller's own scope (uniform, so that nothing depends on scope).
 */
export async function createCustomer(ctx: RequestContext, input: NewCustomerInput): Promise<Customer> {
  const nationalId = input.nationalId ? normalizeNationalId(input.nationalId) : null;
  const problems = identityProblems(input.idType ?? null, nationalId, input.dateOfBirth ?? null);
  if (problems.length > 0) throw invalidFields(problems);
  const identity = sealed(ctx, nationalId);
  const viewer = ctx.viewer;
  return ctx.db.transaction(async (manager) => {
    await lockRegister(manager, "customer");
    const customer = manager.create(Customer, {
      ...plainColumns(input),
      kind: input.kind,
      ...identity,
      customerNumber: await nextCustomerNumber(manager),
      dependents: input.dependents ?? 0,
      serviceTier: input.serviceTier ?? ServiceTier.BASIC,
      assignedAgentId: viewer.kind === "staff" && viewer.role === Role.AGENT ? viewer.id : null,
    });
    const { id } = await manager.save(customer);
    await recordApiSourceKey(manager, SourceEntityKind.CUSTOMER, id);
    await recordEvents(manager, causeOf(ctx), [{ type: "customer.created", data: { customerId: id } }]);
    await matchWrittenCustomers(manager, piiCipher(ctx), [id], causeOf(ctx), new Set([id]));
    return manager.findOneByOrFail(Customer, { id });
  });
}

/** A new national id follows the rule of createCustomer: flagged for review, never refused. */
export async function updateCustomer(ctx: RequestContext, id: string, input: CustomerChangesInput, expectedVersion: number): Promise<Customer> {
  const customer = await requireCustomer(ctx, id);
  if (customer.erasedAt) throw new ConflictError(`Customer ${id} was erased and cannot be changed`, { reason: "ERASED" });
  const changes = plainColumns(input);
  const problems: FieldProblem[] = REQUIRED_FIELDS.filter((field) => input[field] === null).map((field) => ({
    field,
    problems: [`${field} cannot be cleared`],
  }));
  const identityTouched = input.nationalId !== undefined || input.idType !== undefined || input.dateOfBirth !== undefined;
  let identity: ReturnType<typeof sealed> | null = null;
  if (identityTouched) {
    const nationalId = input.nationalId === undefined ? nationalIdOf(ctx, customer) : input.nationalId && normalizeNationalId(input.nationalId);
    const idType = input.idType === undefined ? customer.idType : input.idType;
    const dateOfBirth = input.dateOfBirth === undefined ? customer.dateOfBirth : input.dateOfBirth;
    problems.push(...identityProblems(idType, nationalId || null, dateOfBirth));
    if (input.nationalId !== undefined) identity = sealed(ctx, nationalId || null);
  }
  if (problems.length > 0) throw invalidFields(problems);
  if (customer.version !== expectedVersion) {
    throw new ConflictError(`Customer ${id} is at version ${customer.version}, not ${expectedVersion}; read it again`, {
      reason: "STALE_VERSION",
      expectedVersion,
      currentVersion: customer.version,
    });
  }
  return ctx.db.transaction(async (manager) => {
    // writers of national ids one at a time, so that two records of one person always meet
    if (identity?.nationalIdHash) await lockRegister(manager, "customer");
    const all = { ...changes, ...(identity ?? {}) };
    if (Object.keys(all).length > 0) await updateAtVersion(manager, Customer, id, expectedVersion, all);
    // the input's field names (nationalId, not its sealed columns): what a consumer reads back
    const fields = Object.entries(input).filter(([, value]) => value !== undefined).map(([field]) => field);
    if (fields.length > 0) await recordEvents(manager, causeOf(ctx), [changed("customer.updated", id, fields)]);
    if (identityTouched || MATCHED_FIELDS.some((field) => field in changes)) await matchWrittenCustomers(manager, piiCipher(ctx), [id], causeOf(ctx));
    return manager.findOneByOrFail(Customer, { id });
  });
}

/** Moves a customer into an agent's book (ADMIN only, by the shield). */
export async function assignAgent(ctx: RequestContext, customerId: string, agentId: string): Promise<Customer> {
  const customer = await requireCustomer(ctx, customerId);
  const agent = isUuid(agentId) ? await ctx.loaders.get(staffLoaders).staffById.load(agentId) : null;
  if (!agent || agent.role !== Role.AGENT || !agent.active) {
    throw invalidFields([{ field: "agentId", problems: ["agentId must be an active staff user in the AGENT role"] }]);
  }
  return ctx.db.transaction(async (manager) => {
    await updateAtVersion(manager, Customer, customer.id, customer.version, { assignedAgentId: agent.id });
    await recordEvents(manager, causeOf(ctx), [changed("customer.updated", customer.id, ["assignedAgentId"])]);
    return manager.findOneByOrFail(Customer, { id: customer.id });
  });
}
