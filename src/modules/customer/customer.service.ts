import type { DataSource, SelectQueryBuilder } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { customerScope } from "../../auth/row-scope";
import { BadUserInputError, NotFoundError } from "../../shared/errors";
import { derivedGrant, refusedUse, requireLookup, requireUse, Use, useGrant, type DerivedFrom } from "../../auth/use-policy";
import { sensitiveConsentSql } from "../../auth/row-scope";
import { STORED_RATING_INPUTS } from "../risk/risk-derived";
import { roleOf } from "../../auth/viewer";
import { nationalIdLookups } from "./customer-lookup";
import { piiCipher } from "./customer-identity.service";
import { isUuid } from "../../shared/ids";
import { hydrate } from "../../db/hydrate";
import { keysetColumn, keysetValue } from "../../db/keyset";
import { pageOf, pageRequest, type BidirectionalPageArgs, type Page, type PageRequest } from "../../shared/pagination";
import { OPEN_CLAIM_STATUSES } from "../claim/claim.entity";
import { OPEN_COMPLAINT_STATUSES } from "../interaction/complaint.entity";
import { Customer } from "./customer.entity";
import { CustomerOrderField, SortDirection, type CustomerFilter, type CustomerOrder } from "./customer.inputs";
import { CUSTOMER_BY_ID } from "./customer.relations";
import { countRows } from "../../db/bounded-count";

/** Same expression as the trigram index IDX_customer_search_trgm, so that the index applies. */
const SEARCH_EXPRESSION = "(c.full_name || ' ' || c.customer_number || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, ''))";

/** Each order with the policy field it sorts by: sorting by a value is a use of it (and its cursors would carry it). */
export const SORT_COLUMNS: Record<CustomerOrderField, { field: string; column: string; cast: string; value: (c: Customer) => string }> = {
  NAME: { field: "Customer.fullName", column: "c.full_name", cast: "varchar", value: (c) => c.fullName },
  CREATED_AT: { field: "Customer.createdAt", column: keysetColumn("c.created_at", "timestamptz"), cast: "timestamptz", value: (c) => c.createdAt.toISOString() },
  CUSTOMER_NUMBER: { field: "Customer.customerNumber", column: "c.customer_number", cast: "varchar", value: (c) => c.customerNumber },
};

/** The policy fields each customer filter tests (search tests name, e-mail and phone; see applyPersonalFilters). */
export const FILTER_FIELDS: Record<keyof CustomerFilter, readonly string[]> = {
  search: ["Customer.fullName", "Customer.email", "Customer.phone", "Customer.customerNumber"],
  nationalId: ["Customer.nationalId"],
  kind: ["Customer.kind"],
  serviceTier: ["Customer.serviceTier"],
  region: ["Customer.region"],
  assignedAgentId: ["Customer.assignedAgentId"],
  riskTier: STORED_RATING_INPUTS.inputs, // a derived value: see DERIVED_FILTERS
  hasOpenClaim: ["Claim.status"],
  hasOpenComplaint: ["Complaint.status"],
  hasOverdueComplaint: ["Complaint.status", "Complaint.dueAt"],
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function existsClause(qb: SelectQueryBuilder<Customer>, wanted: boolean | null | undefined, subquery: string, params: object) {
  if (wanted === null || wanted === undefined) return;
  qb.andWhere(`${wanted ? "" : "NOT "}EXISTS (${subquery})`, params);
}

/** Longer patterns find nothing more (names, numbers, e-mails) and cost the trigram search per character. */
const MAX_SEARCH_LENGTH = 100;

/**
 * Searching contact data is using it: a role that may not filter by name, e-mail and phone in full
 * searches customer and policy numbers only. A national id is an exact look-up (requireLookup):
 * recorded in the access audit hit or miss, and rate-limited per actor.
 */
async function applyPersonalFilters(ctx: RequestContext, qb: SelectQueryBuilder<Customer>, filter: CustomerFilter): Promise<void> {
  const role = roleOf(ctx.viewer);
  if (filter.search !== null && filter.search !== undefined) {
    const text = filter.search.trim();
    if (text.length < 2) throw new BadUserInputError("search needs at least 2 characters", { field: "filter.search" });
    if (text.length > MAX_SEARCH_LENGTH) {
      throw new BadUserInputError(`search takes at most ${MAX_SEARCH_LENGTH} characters`, { field: "filter.search" });
    }
    const contactInFull = FILTER_FIELDS.search.every((field) => useGrant(role, field, Use.FILTER) === "any");
    qb.andWhere(
      `(${contactInFull ? SEARCH_EXPRESSION : "c.customer_number"} ILIKE :search
        OR EXISTS (SELECT 1 FROM policy sp WHERE sp.customer_id = c.id AND sp.policy_number ILIKE :search))`,
      { search: `%${escapeLike(text)}%` },
    );
    qb.andWhere("c.erased_at IS NULL"); // erased customers are not found by search
  }
  if (filter.nationalId !== null && filter.nationalId !== undefined) {
    if (requireLookup(role, "Customer.nationalId", "filter.nationalId") === "lookup") await nationalIdLookups.take(ctx);
    qb.andWhere("c.national_id_hash = :nationalIdHash", { nationalIdHash: piiCipher(ctx).blindIndex(filter.nationalId) });
  }
}

/** Filters on a stored derived value (named as the field it is): used as that value may be (the stored risk tier is computed from every risk input). */
const DERIVED_FILTERS: Partial<Record<keyof CustomerFilter, { field: string; derived: DerivedFrom }>> = {
  riskTier: { field: "RiskAssessment.tier", derived: STORED_RATING_INPUTS },
};

/**
 * Every given filter must be a use the role may make of the fields it tests (decided before any
 * SQL); a filter on a consent-bound derived value only matches customers with current consent.
 */
function requireFilterUses(ctx: RequestContext, qb: SelectQueryBuilder<Customer>, filter: CustomerFilter): void {
  const role = roleOf(ctx.viewer);
  for (const [name, fields] of Object.entries(FILTER_FIELDS) as [keyof CustomerFilter, readonly string[]][]) {
    if (name === "search" || name === "nationalId" || filter[name] === null || filter[name] === undefined) continue; // decided in applyPersonalFilters
    const derived = DERIVED_FILTERS[name];
    if (!derived) {
      for (const field of fields) requireUse(role, field, Use.FILTER, `filter.${name}`);
      continue;
    }
    const grant = derivedGrant(role, derived.derived);
    if (grant === "none") throw refusedUse(derived.field, Use.FILTER, `filter.${name}`);
    if (grant === "consent") qb.andWhere(sensitiveConsentSql("c"));
  }
}

async function applyFilter(ctx: RequestContext, qb: SelectQueryBuilder<Customer>, filter: CustomerFilter | null | undefined): Promise<void> {
  if (!filter) return;
  requireFilterUses(ctx, qb, filter);
  await applyPersonalFilters(ctx, qb, filter);
  if (filter.kind) qb.andWhere("c.kind = :kind", { kind: filter.kind });
  if (filter.serviceTier) qb.andWhere("c.service_tier = :serviceTier", { serviceTier: filter.serviceTier });
  if (filter.region) qb.andWhere("c.region = :region", { region: filter.region });
  if (filter.assignedAgentId) {
    if (!isUuid(filter.assignedAgentId)) throw new BadUserInputError("assignedAgentId is not a valid id", { field: "filter.assignedAgentId" });
    qb.andWhere("c.assigned_agent_id = :assignedAgentId", { assignedAgentId: filter.assignedAgentId });
  }
  if (filter.riskTier) {
    qb.andWhere(
      `(SELECT r.tier FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1) = :riskTier`,
      { riskTier: filter.riskTier },
    );
  }
  existsClause(qb, filter.hasOpenClaim, "SELECT 1 FROM claim cl WHERE cl.customer_id = c.id AND cl.status IN (:...openClaim)", {
    openClaim: OPEN_CLAIM_STATUSES,
  });
  existsClause(qb, filter.hasOpenComplaint, "SELECT 1 FROM complaint co WHERE co.customer_id = c.id AND co.status IN (:...openComplaint)", {
    openComplaint: OPEN_COMPLAINT_STATUSES,
  });
  existsClause(
    qb,
    filter.hasOverdueComplaint,
    "SELECT 1 FROM complaint od WHERE od.customer_id = c.id AND od.status IN (:...overdueStatus) AND od.due_at < now()",
    { overdueStatus: OPEN_COMPLAINT_STATUSES },
  );
}

export async function customerById(ctx: RequestContext, id: string): Promise<Customer | null> {
  return isUuid(id) ? ctx.loaders.byId(CUSTOMER_BY_ID).load(id) : null;
}

export async function requireCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  const customer = await customerById(ctx, id);
  if (!customer) throw new NotFoundError("Customer", id);
  return customer;
}

/** A look-up by national id is a use of it: recorded for staff hit or miss (a miss has no customer). */
function recordLookup(ctx: RequestContext, found: Customer[]): void {
  if (ctx.viewer.kind !== "staff") return;
  if (found.length === 0) ctx.audit.record(null, "Customer.nationalId", "LOOKUP");
  for (const customer of found) ctx.audit.record(customer.id, "Customer.nationalId", "LOOKUP");
}

/** The query of one page of customers (scope, filters, keyset cursor, order, first + 1 rows) and how to count the list. */
export interface CustomerPageQuery {
  /** The page, every column selected; replace the selection to read fewer. */
  query: SelectQueryBuilder<Customer>;
  /** Counts the whole filtered list (for totalCount and count(limit:); see Page.count). */
  count: (limit?: number) => Promise<number>;
  /** The page asked for (size and the opened cursor). */
  page: PageRequest;
  /** The cursor of a customer of this page (its sort value and id, sealed). */
  cursorOf: (customer: Customer) => string;
}

export async function customerPageQuery(
  ctx: RequestContext,
  filter: CustomerFilter | null | undefined,
  order: CustomerOrder | null | undefined,
  args: BidirectionalPageArgs,
): Promise<CustomerPageQuery> {
  const field = order?.field ?? CustomerOrderField.CUSTOMER_NUMBER;
  const sort = SORT_COLUMNS[field];
  requireUse(roleOf(ctx.viewer), sort.field, Use.SORT, "orderBy.field");
  const direction = order?.direction ?? SortDirection.ASC;
  const page = pageRequest(args, ctx.cursors.list(`customers:${field}:${direction}`));
  // backward (last/before): read the other way from the cursor, then turned around (pageOf)
  const reading = page.backward ? (direction === SortDirection.ASC ? SortDirection.DESC : SortDirection.ASC) : direction;
  const scope = customerScope(ctx.viewer, "c");
  const base = ctx.reader.getRepository(Customer).createQueryBuilder("c").where(scope.sql, scope.params);
  await applyFilter(ctx, base, filter);

  const query = base.clone();
  if (page.after) {
    query.andWhere(`(${sort.column}, c.id) ${reading === SortDirection.ASC ? ">" : "<"} (${keysetValue(":afterValue", sort.cast)}, CAST(:afterId AS uuid))`, {
      afterValue: page.after.value,
      afterId: page.after.id,
    });
  }
  query.orderBy(sort.column, reading).addOrderBy("c.id", reading).limit(page.first + 1);
  return {
    query,
    count: (limit) => countRows(base, limit),
    page,
    cursorOf: (customer) => page.cursors.encode({ value: sort.value(customer), id: customer.id }),
  };
}

/** Customers in the viewer's scope, filtered and keyset-paginated; totalCount is counted on demand. */
export async function listCustomers(
  ctx: RequestContext,
  filter: CustomerFilter | null | undefined,
  order: CustomerOrder | null | undefined,
  args: BidirectionalPageArgs,
): Promise<Page<Customer>> {
  const { query, count, cursorOf, page } = await customerPageQuery(ctx, filter, order, args);
  const rows = hydrate(ctx.reader, Customer, await query.getRawMany(), "c");
  if (filter?.nationalId !== null && filter?.nationalId !== undefined) recordLookup(ctx, rows);
  return { ...pageOf(rows, page), cursorOf, count };
}

/** A customer's id and erasure time, unscoped: sign-in checks a CUSTOMER token with it before any viewer exists. */
export function customerForSignIn(db: DataSource, id: string): Promise<Pick<Customer, "id" | "erasedAt"> | null> {
  return db.getRepository(Customer).findOne({ select: { id: true, erasedAt: true }, where: { id } });
}
