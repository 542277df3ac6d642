import { median, medianLoad, roundOrder } from "./rounds";
import { scenarioResult, type ServerMeasurement } from "./report";

const measurement = (requestsPerSecond: number, p99Ms: number, serverCpuMsPerRequest: number): ServerMeasurement => ({
  requestsPerSecond, requests: requestsPerSecond * 5, p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms * 2, non2xx: 0, errors: 1, timeouts: 0,
  statusCodes: { 200: requestsPerSecond * 5 }, sqlStatementsPerRequest: 3, serverCpuMsPerRequest, databaseCpuMsPerRequest: 1, otherCpuShare: 0.1, peakRssMb: requestsPerSecond,
});

describe("bench rounds", () => {
  it("turns the order so that each server takes each place once", () => {
    expect([0, 1, 2].map((round) => roundOrder(3, round))).toEqual([[0, 1, 2], [1, 2, 0], [2, 0, 1]]);
    expect(roundOrder(3, 3)).toEqual([0, 1, 2]);
  });

  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it("sums requests and failures, takes the medians of rates and the highest latency", () => {
    const load = medianLoad([measurement(100, 10, 1), measurement(300, 30, 1), measurement(200, 20, 1)]);
    expect(load).toMatchObject({ requestsPerSecond: 200, p99Ms: 20, p50Ms: 10, maxMs: 60, requests: 3000, errors: 3, statusCodes: { 200: 3000 } });
  });

  it("reads a scenario's ratio as the median of the rounds' own ratios, not the ratio of medians", () => {
    // round 2 ran in a slow stretch for ours; round 3 in one for the prepared floor
    const rounds = [
      { ours: measurement(100, 10, 2), preparedFloor: measurement(100, 5, 1) },
      { ours: measurement(60, 20, 3), preparedFloor: measurement(210, 5, 1) },
      { ours: measurement(110, 10, 2), preparedFloor: measurement(120, 10, 1) },
    ].map((round) => ({ order: ["ours", "floor", "preparedFloor"], floor: measurement(50, 40, 1), ...round }));
    const result = scenarioResult("offers", "offers", "MATCH", rounds);
    expect(result.rounds.map((r) => r.preparedRatios.requestsPerSecond)).toEqual([1, 0.286, 0.917]);
    expect(result.preparedRatios.requestsPerSecond).toBe(0.917); // the ratio of the medians would read 100 / 120 = 0.833
    expect(result.rounds.map((r) => r.preparedRatios.p99)).toEqual([2, 4, 1]);
    expect(result.preparedRatios.p99).toBe(2);
    expect(result.ours).toMatchObject({ requestsPerSecond: 100, serverCpuMsPerRequest: 2, peakRssMb: 110, requests: 1350 });
    expect(result.ratios.requestsPerSecond).toBe(2);
  });
});
