import { bandOnly, incomeBand, IncomeBand, maskAddress, maskDateOfBirth, maskEmail, maskName, maskNationalId, maskPhone } from "./masking";

/** Characters of `masked` (other than * and separators) must come from the allowed parts of the original. */
function visible(masked: string): string {
  return masked.replace(/[*\s,]/g, "");
}

describe("masking rules", () => {
  it("keeps the first 3 and last 4 characters of a national id", () => {
    expect(maskNationalId("11010519491231002X")).toBe("110***********002X");
    expect(maskNationalId("110105")).toBe("******");
    for (const id of ["330106198507234417", "P12345678", "91330100MA27XL8K4Q"]) {
      const masked = maskNationalId(id);
      expect(masked).toHaveLength(id.length);
      expect(visible(masked)).toBe(id.slice(0, 3) + id.slice(-4));
    }
  });

  it("keeps the first 3 and last 4 digits of a phone number", () => {
    expect(maskPhone("+8613812345678")).toBe("138****5678");
    expect(maskPhone("+4915112345678")).toBe("491******5678");
    expect(maskPhone("12345")).toBe("*****");
    const masked = maskPhone("+8615900001111");
    expect(visible(masked)).toBe("1591111");
  });

  it("keeps the first letter and the domain of an e-mail", () => {
    expect(maskEmail("zhang.wei@example.com")).toBe("z***@example.com");
    expect(maskEmail("not-an-email")).toBe("***");
    expect(maskEmail("a@b.cn")).toBe("a***@b.cn");
  });

  it("keeps the initials of a name", () => {
    expect(maskName("Zhang Wei")).toBe("Z*** W***");
    expect(maskName("Ouyang Xiao Ming")).toBe("O*** X*** M***");
    expect(maskName("Hangzhou Westlake Trading Co., Ltd.")).toBe("H*** W*** T*** C*** L***");
    expect(maskName("张伟")).toBe("张***");
  });

  it("reduces a date of birth to its year", () => {
    expect(maskDateOfBirth("1985-07-23")).toBe("1985");
  });

  it("keeps only city and region of an address", () => {
    expect(maskAddress("88 Wensan Road, Room 1203", { city: "Hangzhou", region: "Zhejiang" })).toBe("***, Hangzhou, Zhejiang");
    expect(maskAddress("88 Wensan Road", { city: null, region: null })).toBe("***");
  });

  it("turns an income into its band at the band limits", () => {
    expect(incomeBand(0)).toBe(IncomeBand.UNDER_50K);
    expect(incomeBand(49_999_99)).toBe(IncomeBand.UNDER_50K);
    expect(incomeBand(50_000_00)).toBe(IncomeBand.FROM_50K_TO_150K);
    expect(incomeBand(150_000_00)).toBe(IncomeBand.FROM_150K_TO_300K);
    expect(incomeBand(300_000_00)).toBe(IncomeBand.FROM_300K_TO_1M);
    expect(incomeBand(1_000_000_00)).toBe(IncomeBand.OVER_1M);
  });

  it("bands an income: the band stays, the amount goes, the class is kept", () => {
    class Income {
      amount: { minor: number } | null = null;
      band = IncomeBand.UNDER_50K;
    }
    const exact = Object.assign(new Income(), { amount: { minor: 120_000_00 }, band: IncomeBand.FROM_50K_TO_150K });
    const banded = bandOnly(exact);
    expect(banded).toBeInstanceOf(Income);
    expect({ ...banded }).toEqual({ amount: null, band: IncomeBand.FROM_50K_TO_150K });
    expect(exact.amount).toEqual({ minor: 120_000_00 });
  });
});
