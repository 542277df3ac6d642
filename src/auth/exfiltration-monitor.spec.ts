import { Role } from "./role";
import { ExfiltrationMonitor } from "./exfiltration-monitor";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-20T08:00:00Z");

const reads = (actorId: string, customers: string[], fields = ["Customer.fullName"], outcome = "ALLOWED") =>
  customers.map((customerId) => ({ actorId, role: Role.AGENT, customerId, fields, outcome }));
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe("exfiltration monitor", () => {
  it("alerts once when an actor exceeds the distinct-customer threshold, then not again within the window", () => {
    const monitor = new ExfiltrationMonitor({ customersPerWindow: 5, valuesPerWindow: 0, windowMs: HOUR });
    expect(monitor.observe(reads("a", ids("c", 5)), T0)).toEqual([]);
    // the same 5 customers again: still 5 distinct
    expect(monitor.observe(reads("a", ids("c", 5)), T0 + 1000)).toEqual([]);
    const [alert, ...more] = monitor.observe(reads("a", ["c-new"]), T0 + 2000);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ actorId: "a", role: "AGENT", kind: "CUSTOMERS_PER_WINDOW", customers: 6, values: 11 });
    expect(alert.windowEnd.getTime() - alert.windowStart.getTime()).toBe(HOUR);
    expect(monitor.observe(reads("a", ids("d", 50)), T0 + 3000)).toEqual([]);
    // another actor is counted apart
    expect(monitor.observe(reads("b", ids("c", 5)), T0 + 3000)).toEqual([]);
  });

  it("slides: reads older than the window no longer count, and a new window may alert again", () => {
    const monitor = new ExfiltrationMonitor({ customersPerWindow: 5, valuesPerWindow: 0, windowMs: HOUR });
    expect(monitor.observe(reads("a", ids("c", 4)), T0)).toEqual([]);
    expect(monitor.observe(reads("a", ids("d", 2)), T0 + HOUR + 1)).toEqual([]); // the first 4 fell out: 2 in the window
    expect(monitor.observe(reads("a", ids("e", 4)), T0 + HOUR + 2)).toHaveLength(1);
    expect(monitor.observe(reads("a", ids("f", 9)), T0 + 2 * HOUR)).toEqual([]); // within the alert's window
    expect(monitor.observe(reads("a", ids("g", 9)), T0 + 2 * HOUR + 3)).toHaveLength(1);
  });

  it("counts values (fields × customers) against the value threshold, and only values released (not DENIED or LOOKUP)", () => {
    const monitor = new ExfiltrationMonitor({ customersPerWindow: 0, valuesPerWindow: 10, windowMs: HOUR });
    const four = ["Customer.fullName", "Customer.email", "Customer.phone", "Customer.address"];
    expect(monitor.observe(reads("a", ids("c", 2), four), T0)).toEqual([]);
    expect(monitor.observe(reads("a", ids("c", 2), four, "DENIED"), T0)).toEqual([]);
    expect(monitor.observe(reads("a", ids("c", 5), four, "LOOKUP"), T0)).toEqual([]);
    expect(monitor.observe(reads("a", ["c-0"], ["Customer.fullName", "Customer.email"], "MASKED"), T0)).toEqual([]);
    expect(monitor.observe(reads("a", ["c-0"]), T0)).toMatchObject([{ kind: "VALUES_PER_WINDOW", values: 11, customers: 2 }]);
  });

  it("keeps at most threshold + 1 customers per actor and still detects the crossing", () => {
    const monitor = new ExfiltrationMonitor({ customersPerWindow: 3, valuesPerWindow: 0, windowMs: HOUR });
    const [alert] = monitor.observe(reads("a", ids("c", 1000)), T0);
    expect(alert).toMatchObject({ customers: 4, values: 1000 });
    expect(alert.details).toContain("more than 3 distinct customers");
  });

  it("raises a forgotten alert again on the next read (its storage failed)", () => {
    const monitor = new ExfiltrationMonitor({ customersPerWindow: 1, valuesPerWindow: 0, windowMs: HOUR });
    const [alert] = monitor.observe(reads("a", ids("c", 2)), T0);
    monitor.forget(alert);
    expect(monitor.observe(reads("a", ["c-0"]), T0 + 1)).toHaveLength(1);
  });

  it("does nothing with both thresholds off", () => {
    const monitor = new ExfiltrationMonitor({ customersPerWindow: 0, valuesPerWindow: 0, windowMs: HOUR });
    expect(monitor.observe(reads("a", ids("c", 10_000)), T0)).toEqual([]);
  });
});
