/** Pairwise quality of "link every candidate pair weighing at least t". */
export interface ThresholdQuality {
  threshold: number;
  linkedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Candidate pairs sorted by weight, heaviest first, with whether each is the same person. */
export class RankedPairs {
  readonly weights: Float64Array;
  readonly sameCustomer: Uint8Array;
  private readonly cumulativeTrue: Uint32Array;

  constructor(weights: Float64Array, sameCustomer: Uint8Array, readonly allTruePairs: number) {
    const order = [...weights.keys()].sort((x, y) => weights[y] - weights[x]);
    this.weights = Float64Array.from(order, (i) => weights[i]);
    this.sameCustomer = Uint8Array.from(order, (i) => sameCustomer[i]);
    this.cumulativeTrue = new Uint32Array(order.length + 1);
    for (let i = 0; i < order.length; i++) this.cumulativeTrue[i + 1] = this.cumulativeTrue[i] + this.sameCustomer[i];
  }

  /** Number of pairs weighing at least `threshold`. */
  countAtLeast(threshold: number): number {
    let low = 0;
    let high = this.weights.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.weights[middle] >= threshold) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  quality(threshold: number): ThresholdQuality {
    const linkedPairs = this.countAtLeast(threshold);
    const truePositives = this.cumulativeTrue[linkedPairs];
    const precision = linkedPairs ? truePositives / linkedPairs : 1;
    const recall = this.allTruePairs ? truePositives / this.allTruePairs : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { threshold, linkedPairs, truePositives, precision, recall, f1 };
  }

  /** The lowest weight above which precision still reaches `target`. */
  lowestThresholdWithPrecision(target: number): number {
    let chosen = this.weights[0] ?? 0;
    for (let k = 1; k <= this.weights.length; k++) {
      if (k < this.weights.length && this.weights[k] === this.weights[k - 1]) continue;
      if (this.cumulativeTrue[k] / k >= target) chosen = this.weights[k - 1];
    }
    return chosen;
  }

  /** The highest weight above which recall reaches `target` (or all candidates when it cannot). */
  highestThresholdWithRecall(target: number): number {
    for (let k = 1; k <= this.weights.length; k++) {
      if (k < this.weights.length && this.weights[k] === this.weights[k - 1]) continue;
      if (this.cumulativeTrue[k] >= target * this.allTruePairs) return this.weights[k - 1];
    }
    return this.weights[this.weights.length - 1] ?? 0;
  }
}
