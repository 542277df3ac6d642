import type { SeedProgress } from "./index";
import { seedProgressLines } from "./progress";

describe("seed progress lines", () => {
  it("says one line per 10% of the customers with an estimate of the rest, then the finishing phase", () => {
    const lines: string[] = [];
    const tell = seedProgressLines((line) => lines.push(line));
    // 100,000 customers in batches of 1,000 at 2 ms a customer
    for (let customers = 1000; customers <= 100_000; customers += 1000) tell({ customers, of: 100_000, phase: "customers", millis: customers * 2 });
    tell({ customers: 100_000, of: 100_000, phase: "finishing", millis: 200_000 });
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe("seeding: 10,000 of 100,000 customers (10%), 20 s, about 3 min left");
    expect(lines[4]).toBe("seeding: 50,000 of 100,000 customers (50%), 100 s, about 100 s left");
    expect(lines[8]).toBe("seeding: 90,000 of 100,000 customers (90%), 3 min, about 20 s left");
    expect(lines[9]).toBe("seeding: 100,000 customers generated in 3 min; cases, tasks, match keys and segments…");
  });

  it("says a step once even when a batch jumps past several", () => {
    const lines: string[] = [];
    const tell = seedProgressLines((line) => lines.push(line));
    const at = (customers: number): SeedProgress => ({ customers, of: 3000, phase: "customers", millis: customers });
    for (const customers of [1000, 2000, 3000]) tell(at(customers));
    expect(lines).toEqual(["seeding: 1,000 of 3,000 customers (33%), 1 s, about 2 s left", "seeding: 2,000 of 3,000 customers (66%), 2 s, about 1 s left"]);
  });
});
