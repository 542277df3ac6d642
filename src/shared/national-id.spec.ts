import { isValidResidentId, makeResidentId, residentIdCheckDigit } from "./national-id";

describe("resident id (GB 11643-1999)", () => {
  it("computes the check character, including X", () => {
    expect(residentIdCheckDigit("11010519491231002")).toBe("X");
    expect(residentIdCheckDigit("44030819900101003")).toBe("3");
  });

  it.each(["11010519491231002X", "11010519491231002x", "110101199003074477", "440308199001010033"])("accepts %s", (id) => {
    expect(isValidResidentId(id)).toBe(true);
  });

  it.each([
    ["a wrong check digit", "110105194912310021"],
    ["17 characters", "11010519491231002"],
    ["letters in the body", "1101051949123100AX"],
    ["an impossible date", "110105194902300020"],
    ["February 29th of a common year", "110105190102290022"],
    ["a region code starting with 0", "010105194912310026"],
    ["a birth year before 1900", "110105189912310023"],
    ["a letter other than X", "11010519491231002Y"],
  ])("rejects %s", (_reason, id) => {
    expect(isValidResidentId(id)).toBe(false);
  });

  it("makes ids that validate, with region, birth date and sequence in place", () => {
    const id = makeResidentId("310115", "2000-02-29", 7);
    expect(id.slice(0, 17)).toBe("31011520000229007");
    expect(isValidResidentId(id)).toBe(true);
    expect(makeResidentId("110105", "1949-12-31", 2)).toBe("11010519491231002X");
  });

  it("refuses bad input", () => {
    expect(() => makeResidentId("11010", "1990-01-01", 1)).toThrow(/region/);
    expect(() => makeResidentId("110105", "1990-02-30", 1)).toThrow(/birth date/);
    expect(() => makeResidentId("110105", "1990-01-01", 1000)).toThrow(/sequence/);
  });
});
