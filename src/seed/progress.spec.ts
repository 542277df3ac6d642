import type { SeedProgress } from "./index";
import { seedProgressLines } from "./progress";

describe("seed progress lines", () => {
  it("says one line per 10% of the customers with an estimate of the rest, then the finishing phase", () => {
    const lines: string[] = [];
    const tell = seedProgressLines((line) => lines.push(line));
    // 100,000 customers in batches of 1,000 at 2 ms a customer
    for (let done = 1000; done <= 100_000; done += 1000) tell({ done, of: 100_000, unit: "customers", phase: "loading", millis: done * 2 });
    tell({ done: 100_000, of: 100_000, unit: "customers", phase: "finishing", millis: 200_000 });
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe("seeding: 10,000 of 100,000 customers (10%), 20 s, about 3 min left");
    expect(lines[4]).toBe("seeding: 50,000 of 100,000 customers (50%), 100 s, about 100 s left");
    expect(lines[8]).toBe("seeding: 90,000 of 100,000 customers (90%), 3 min, about 20 s left");
    expect(lines[9]).toBe("seeding: 100,000 customers generated in 3 min; cases, tasks, match keys and segments…");
  });

  it("counts records when the seed loads through the importer", () => {
    const lines: string[] = [];
    const tell = seedProgressLines((line) => lines.push(line), 50);
    tell({ done: 5_000, of: 8_000, unit: "records", phase: "loading", millis: 5_000 });
    tell({ done: 8_000, of: 8_000, unit: "records", phase: "finishing", millis: 8_000 });
    expect(lines).toEqual([
      "seeding: 5,000 of 8,000 records (62%), 5 s, about 3 s left",
      "seeding: 8,000 records imported in 8 s; erasures, offer answers, risk history, cases, tasks and segments…",
    ]);
  });

  it("says a step once even when a batch jumps past several", () => {
    const lines: string[] = [];
    const tell = seedProgressLines((line) => lines.push(line));
    const at = (done: number): SeedProgress => ({ done, of: 3000, unit: "customers", phase: "loading", millis: done });
    for (const done of [1000, 2000, 3000]) tell(at(done));
    expect(lines).toEqual(["seeding: 1,000 of 3,000 customers (33%), 1 s, about 2 s left", "seeding: 2,000 of 3,000 customers (66%), 2 s, about 1 s left"]);
  });
});
