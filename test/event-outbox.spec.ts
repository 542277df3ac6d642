import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Role } from "../src/auth/role";
import { startImport } from "../src/modules/importing/import.service";
import { changed, recordEvents, toCloudEvent, type StoredEvent } from "../src/modules/events/outbox";
import { EVENT_TYPES } from "../src/modules/events/event-types";
import { OUTBOX_CHANNEL } from "../src/modules/events/webhook-dispatcher";
import { listen } from "../src/db/data-source";
import { sweepComplaintDeadlines } from "../src/modules/interaction/complaint-deadlines";
import { sweepCaseBreaches } from "../src/modules/service-desk/case-breaches";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";
import { CREATE_CUSTOMER, ESCALATE_COMPLAINT, FILE_CLAIM, FILE_COMPLAINT, RECORD_INTERACTION, RESOLVE_COMPLAINT, TRANSITION_CLAIM, UPDATE_CUSTOMER } from "./support/operations";

describe("transactional outbox: events written with the change, thin, in order", () => {
  let app: TestApp;
  let admin: string;
  const eventsOf = async (customerId: string): Promise<StoredEvent[]> =>
    app.db.query(`SELECT id, position::text AS position, type, customer_id, occurred_at, data, actor_id, request_id FROM event_outbox WHERE customer_id = $1 ORDER BY event_outbox.position`, [customerId]);

  beforeAll(async () => {
    app = await startTestApp({ customers: 6 });
    admin = await app.token(Role.ADMIN);
  });
  afterAll(() => app?.close());

  it("writes customer.created, customer.updated (field names, never values), consent.changed and customer.erased with the change, in commit order", async () => {
    const created = await app.gql(CREATE_CUSTOMER, {
      token: admin,
      variables: { input: { kind: "INDIVIDUAL", fullName: "Outbox Probe", dateOfBirth: "1991-05-06", email: "outbox.probe@example.org", dependents: 0 } },
      headers: { "x-request-id": "outbox-create-1" },
    });
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data!.createCustomer.id as string;
    const updated = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id, input: { phone: "+8613811112222", city: "Suzhou" }, expectedVersion: 1 } });
    expect(updated.body.errors).toBeUndefined();
    const consent = await app.gql(`mutation ($id: ID!) { setConsent(input: { customerId: $id, purpose: MARKETING, granted: false }) { id } }`, { token: admin, variables: { id } });
    expect(consent.body.errors).toBeUndefined();
    const erased = await app.gql(`mutation ($id: ID!) { eraseCustomer(customerId: $id, reason: "DSAR-77") { id } }`, { token: await app.token(Role.COMPLIANCE), variables: { id } });
    expect(erased.body.errors).toBeUndefined();

    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(["customer.created", "customer.updated", "consent.changed", "customer.erased"]);
    expect(events[1].data).toEqual({ customerId: id, changedFields: ["city", "phone"] });
    // channel: the contact channel the decision is about (null: the purpose as a whole)
    expect(events[2].data).toEqual({ customerId: id, consentId: consent.body.data!.setConsent.id, purpose: "MARKETING", channel: null });
    expect((events[0] as unknown as { actor_id: string; request_id: string })).toMatchObject({ actor_id: staffIdFor("admin"), request_id: "outbox-create-1" });
    // thin: no value of the record travels, only ids and field names
    const payloads = JSON.stringify(events.map((e) => e.data));
    for (const value of ["Outbox Probe", "outbox.probe@example.org", "+8613811112222", "Suzhou", "1991"]) expect(payloads).not.toContain(value);
    // positions rise in commit order
    const positions = events.map((e) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

    const envelope = toCloudEvent(events[1]);
    expect(envelope).toMatchObject({ specversion: "1.0", id: events[1].id, source: "/customer360", type: "customer360.customer.updated", subject: id, datacontenttype: "application/json" });
    expect(Object.keys(EVENT_TYPES)).toEqual(expect.arrayContaining(events.map((e) => e.type)));
  });

  it("writes nothing for a change that does not commit (stale version, bad input, a rolled-back transaction)", async () => {
    const [{ id, version }] = await app.db.query(`SELECT id, version FROM customer WHERE erased_at IS NULL ORDER BY customer_number LIMIT 1`);
    const before = (await eventsOf(id)).length;
    const stale = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id, input: { city: "Wuxi" }, expectedVersion: version + 5 } });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const bad = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id, input: { phone: "not a phone" }, expectedVersion: version } });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await eventsOf(id)).length).toBe(before);
    // an event is written in the change's transaction: rolled back with it
    await app.db
      .transaction(async (manager) => {
        await recordEvents(manager, { actorId: null, requestId: "outbox-rollback" }, [changed("customer.updated", id, ["city"])]);
        throw new Error("roll back on purpose");
      })
      .catch((err: Error) => expect(err.message).toBe("roll back on purpose"));
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM event_outbox WHERE request_id = 'outbox-rollback'`);
    expect(n).toBe(0);
  });

  it("writes customer.linked for every record whose person changes and customer.unlinked for each record a person lets go", async () => {
    const ids: string[] = (await app.db.query(`SELECT id FROM customer WHERE erased_at IS NULL AND kind = 'INDIVIDUAL' ORDER BY customer_number LIMIT 3 OFFSET 1`)).map((r: { id: string }) => r.id);
    await app.db.query(`DELETE FROM person_link WHERE customer_id = ANY($1)`, [ids]);
    const compliance = await app.token(Role.COMPLIANCE);
    const link = (a: string, b: string) => app.gql(`mutation ($a: ID!, $b: ID!) { linkCustomers(customerId: $a, otherCustomerId: $b, reason: "one person") { id } }`, { token: compliance, variables: { a, b } });
    expect((await link(ids[0], ids[1])).body.errors).toBeUndefined();
    expect((await link(ids[2], ids[1])).body.errors).toBeUndefined();
    const [{ person_id: person }] = await app.db.query(`SELECT person_id FROM person_link WHERE customer_id = $1`, [ids[0]]);
    for (const id of ids) {
      const linked = (await eventsOf(id)).filter((e) => e.type === "customer.linked");
      expect(linked.map((e) => e.data)).toEqual([{ customerId: id, personId: person }]);
    }
    // two persons joined: the records of the one merged in move, each with an event naming the person it joined
    const [d, e] = (await app.db.query(`SELECT id FROM customer WHERE erased_at IS NULL AND kind = 'INDIVIDUAL' AND id <> ALL($1) ORDER BY customer_number LIMIT 2`, [ids])).map((r: { id: string }) => r.id);
    await app.db.query(`DELETE FROM person_link WHERE customer_id = ANY($1)`, [[d, e]]);
    expect((await link(d, e)).body.errors).toBeUndefined();
    expect((await link(ids[0], d)).body.errors).toBeUndefined();
    for (const moved of [d, e]) {
      const linked = (await eventsOf(moved)).filter((event) => event.type === "customer.linked").map((event) => event.data.personId);
      expect([moved, linked.length, linked[linked.length - 1]]).toEqual([moved, 2, person]);
    }
    const unlinked = await app.gql(`mutation ($id: ID!) { unlinkCustomer(customerId: $id, reason: "two people") { id } }`, { token: compliance, variables: { id: ids[2] } });
    expect(unlinked.body.errors).toBeUndefined();
    expect((await eventsOf(ids[2])).filter((e) => e.type === "customer.unlinked").length).toBe(1);
    expect((await eventsOf(ids[0])).filter((e) => e.type === "customer.unlinked").length).toBe(0); // A and B stay one person
  });

  it("writes the service events — contact, complaint steps, claim steps, risk, offer answer — thin, in the order they committed", async () => {
    const [{ id: customerId, policy_id: policyId }] = await app.db.query(
      `SELECT c.id, p.id AS policy_id FROM customer c JOIN policy p ON p.customer_id = c.id AND p.status = 'ACTIVE'
        WHERE c.erased_at IS NULL ORDER BY c.customer_number LIMIT 1`,
    );
    const before = (await eventsOf(customerId)).length;
    const ok = async (query: string, variables: Record<string, unknown>) => {
      const res = await app.gql(query, { token: admin, variables });
      expect(res.body.errors).toBeUndefined();
      return res.body.data as Record<string, { id: string; version?: number }>;
    };
    const contact = await ok(RECORD_INTERACTION, { input: { customerId, channel: "HOTLINE", kind: "INQUIRY", direction: "INBOUND", subject: "Secret subject text", notes: "Secret note" } });
    const complaint = (await ok(FILE_COMPLAINT, { input: { customerId, channel: "PHONE", category: "SERVICE", severity: "HIGH", subject: "Waited too long" } })).fileComplaint;
    await ok(ESCALATE_COMPLAINT, { id: complaint.id, reason: "Secret escalation reason" });
    await ok(RESOLVE_COMPLAINT, { id: complaint.id, resolution: "Secret resolution" });
    const incidentDate = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    const claim = (await ok(FILE_CLAIM, { input: { policyId, kind: "HOSPITALIZATION", incidentDate, claimedAmount: 120000, description: "Secret diagnosis" } })).fileClaim;
    await ok(TRANSITION_CLAIM, { id: claim.id, to: "UNDER_REVIEW", expectedVersion: claim.version });
    await ok(`mutation ($id: ID!) { assessRisk(customerId: $id) { id tier } }`, { id: customerId });
    const product = (await app.db.query(`SELECT code FROM product WHERE active ORDER BY code LIMIT 1`))[0].code;
    await ok(`mutation ($id: ID!, $code: String!) { recordOfferResponse(customerId: $id, productCode: $code, response: DECLINED) { id } }`, { id: customerId, code: product });

    const events = (await eventsOf(customerId)).slice(before);
    // a complaint's contact is part of complaint.filed (its interactionId), not an event of its own;
    // the complaint's case is opened and resolved with it (service desk: complaints are worked as cases)
    expect(events.map((e) => e.type)).toEqual([
      "interaction.recorded", "complaint.filed", "case.opened", "complaint.escalated", "case.transitioned", "complaint.resolved",
      "claim.filed", "claim.transitioned", "risk.assessed", "offer.responded",
    ]);
    expect(events[0].data).toEqual({ customerId, interactionId: contact.recordInteraction.id });
    expect(events[1].data).toMatchObject({ customerId, complaintId: complaint.id });
    expect(events[2].data).toEqual({ customerId, caseId: expect.any(String) });
    expect(events[3].data).toEqual({ customerId, complaintId: complaint.id, changedFields: ["escalationReason", "status"] });
    expect(events[4].data).toEqual({ customerId, caseId: events[2].data.caseId, changedFields: ["firstRespondedAt", "resolution", "resolvedAt", "status"] });
    expect(events[7].data).toEqual({ customerId, claimId: claim.id, changedFields: ["status"] });
    expect(Object.keys(events[8].data).sort()).toEqual(["assessmentId", "changedFields", "customerId"]);
    const payloads = JSON.stringify(events.map((e) => e.data));
    for (const secret of ["Secret", "Waited too long", "120000"]) expect(payloads).not.toContain(secret);
  });

  it("writes an import batch's events in the batch's transaction: created for new records, updated with the fields that changed, none when nothing did", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-outbox-"));
    const header = "sourceId,kind,fullName,dateOfBirth,email,phone,city,dependents";
    const load = async (name: string, lines: string[]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, [header, ...lines].join("\n") + "\n");
      const job = await startImport(app.db, { file, sourceSystem: "CRM", entity: "customers", createdBy: "test", piiKey: app.config.piiEncryptionKey, batchSize: 10 });
      expect(job.status).toBe("COMPLETED");
      return job;
    };
    try {
      const first = await load("a.csv", ["CRM-EV-1,INDIVIDUAL,Zhao Lei,1980-01-02,zhao.lei@example.org,+8613800138001,Hangzhou,0", "CRM-EV-2,INDIVIDUAL,Qian Yu,1979-03-04,qian.yu@example.org,,Ningbo,1"]);
      const ids: string[] = (await app.db.query(
        `SELECT record_id FROM source_key WHERE source_system = 'CRM' AND source_id = ANY($1) ORDER BY source_id`, [["CRM-EV-1", "CRM-EV-2"]],
      )).map((row: { record_id: string }) => row.record_id);
      await load("b.csv", ["CRM-EV-1,INDIVIDUAL,Zhao Lei,1980-01-02,zhao.lei@example.org,+8613800138009,Suzhou,0", "CRM-EV-2,INDIVIDUAL,Qian Yu,1979-03-04,qian.yu@example.org,,Ningbo,1"]);
      // (the import's risk pass writes risk.assessed too)
      const one = (await eventsOf(ids[0])).filter((e) => e.type.startsWith("customer."));
      expect(one.map((e) => [e.type, e.data.changedFields ?? null])).toEqual([["customer.created", null], ["customer.updated", ["city", "phone"]]]);
      expect((one[0] as unknown as { request_id: string }).request_id).toBe(`import:${first.id}`);
      // the second record came again unchanged: no event
      expect((await eventsOf(ids[1])).filter((e) => e.type.startsWith("customer.")).map((e) => e.type)).toEqual(["customer.created"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("wakes the dispatchers (NOTIFY) only for a statement that inserted events: the sweeps' empty inserts notify nobody", async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let wakeUps = 0;
    const stop = await listen(app.db, OUTBOX_CHANNEL, () => (wakeUps += 1));
    try {
      await pause(300); // PostgreSQL's listener wakes once on connecting (for what committed before it listened)
      wakeUps = 0;
      // nothing due at the epoch: both sweeps run their insert … select and insert no row
      expect(await sweepComplaintDeadlines(app.db, new Date(0))).toBe(0);
      expect(await sweepCaseBreaches(app.db, new Date(0))).toBe(0);
      await app.db.query(`INSERT INTO event_outbox (type, customer_id, data) SELECT 'customer.updated', c.id, '{}' FROM customer c WHERE FALSE`);
      await pause(300);
      expect(wakeUps).toBe(0);

      const [{ id }] = await app.db.query(`SELECT id FROM customer WHERE erased_at IS NULL ORDER BY customer_number LIMIT 1`);
      await app.db.transaction((manager) => recordEvents(manager, { actorId: null, requestId: "test" }, [changed("customer.updated", id, ["city"])]));
      for (let waited = 0; wakeUps === 0 && waited < 5000; waited += 50) await pause(50);
      await pause(300);
      expect(wakeUps).toBe(1);
    } finally {
      await stop();
    }
  });
});
