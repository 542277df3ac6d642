import DataLoader from "dataloader";
import { customerScope } from "../../auth/row-scope";
import type { Viewer } from "../../auth/viewer";
import type { Database } from "../../db/data-source";
import { hydrate } from "../../db/hydrate";
import { Customer } from "../customer/customer.entity";

/** A record's person as one viewer may see it: the linked records in the viewer's row scope, with their systems of record. */
export interface VisiblePerson {
  personId: string;
  /** In the order they were linked. */
  records: Customer[];
  /** Per record id: the systems that sent it, most recently seen first. */
  sources: Map<string, string[]>;
}

/**
 * The linked records of each customer, in the viewer's row scope, and their source systems: one
 * statement for every customer of the request. A link never widens scope: a linked record outside
 * it is left out as if it did not exist, and a person with fewer than two visible records is none.
 */
export function personLoaders(db: Database, viewer: Viewer) {
  const scope = customerScope(viewer, "c");
  const sql = `SELECT p.customer_id AS r_key, p.person_id AS r_person_id, c.*,
            (SELECT coalesce(json_agg(k.source_system ORDER BY k.last_seen_at DESC, k.source_system), '[]'::json)
               FROM source_key k WHERE k.entity_kind = 'customer' AND k.record_id = c.id) AS r_sources
       FROM person_link p
       JOIN person_link m ON m.person_id = p.person_id
       JOIN customer c ON c.id = m.customer_id AND ${scope.sql}
      WHERE p.customer_id = ANY(:r_keys)
      ORDER BY p.customer_id, m.linked_at, m.customer_id`;
  return {
    personByCustomerId: new DataLoader<string, VisiblePerson | null>(async (customerIds) => {
      const [text, values] = db.driver.escapeQueryWithParameters(sql, { ...scope.params, r_keys: customerIds }, {});
      const rows: Record<string, unknown>[] = await db.query(text, values);
      const records = hydrate(db, Customer, rows);
      const people = new Map<string, VisiblePerson>();
      rows.forEach((row, i) => {
        const key = String(row.r_key);
        let person = people.get(key);
        if (!person) people.set(key, (person = { personId: String(row.r_person_id), records: [], sources: new Map() }));
        person.records.push(records[i]);
        person.sources.set(records[i].id, row.r_sources as string[]);
      });
      return customerIds.map((id) => {
        const person = people.get(id);
        return person && person.records.length >= 2 ? person : null;
      });
    }),
  };
}
