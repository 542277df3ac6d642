import { compareLevels, comparisonVector } from "./comparisons";
import type { MatchRecord } from "./match-record";
import { prepareRecord } from "./prepared-record";
import { jaroWinkler, withinOneEdit } from "./string-similarity";

const base: MatchRecord = {
  id: "a", fullName: "王伟", dateOfBirth: "1985-03-07", nationalIdHash: "h1", phone: "13812345678",
  email: "wangwei85@163.com", address: "北京市朝阳区建国路5号3栋1201室", city: "北京", gender: "MALE",
};
const levels = (changes: Partial<MatchRecord>) => compareLevels(prepareRecord(base), prepareRecord({ ...base, id: "b", ...changes }));

describe("comparison levels", () => {
  it("is EXACT on every field for the same record written differently", () => {
    expect(levels({ fullName: "Wei Wang", phone: "+86 138-1234-5678", email: "WANGWEI85@163.COM", address: "北京市朝阳区 建国路5号，3栋1201室" })).toEqual({
      nationalId: "EXACT", name: "EXACT", dateOfBirth: "EXACT", gender: "EXACT", email: "EXACT", contact: "PHONE_AND_ADDRESS",
    });
  });

  it("is CLOSE for one-slip typos", () => {
    expect(levels({ fullName: "Wang Wie" }).name).toBe("CLOSE");
    expect(levels({ phone: "13812345679", address: null }).contact).toBe("CLOSE");
    expect(levels({ phone: "13812345687", address: "上海市徐汇区淮海路1号", city: "上海" }).contact).toBe("CLOSE");
    expect(levels({ dateOfBirth: "1985-07-03" }).dateOfBirth).toBe("CLOSE");
    expect(levels({ dateOfBirth: "1986-03-07" }).dateOfBirth).toBe("CLOSE");
    expect(levels({ email: "wangwei85@qq.com" }).email).toBe("CLOSE");
    expect(levels({ phone: null, address: "北京市朝阳区建国路5号3栋1202室" }).contact).toBe("CLOSE");
  });

  it("keeps phone and address apart only as far as a household does not share them", () => {
    expect(levels({ address: "北京市海淀区学院路88号" }).contact).toBe("PHONE");
    expect(levels({ phone: "13900000000" }).contact).toBe("ADDRESS");
    expect(levels({ phone: "13900000000", address: "北京市海淀区学院路88号" }).contact).toBe("SAME_CITY");
    expect(levels({ phone: "13900000000", address: "上海市徐汇区淮海路1号", city: "上海" }).contact).toBe("DIFFERENT");
    expect(levels({ phone: null, address: null, city: null }).contact).toBe("MISSING");
  });

  it("is DIFFERENT for another person and MISSING when either side is absent", () => {
    const other = levels({ fullName: "李娜", dateOfBirth: "1990-11-21", nationalIdHash: "h2", phone: "13900000000", email: "lina@qq.com", gender: "FEMALE" });
    expect(other).toMatchObject({ nationalId: "DIFFERENT", name: "DIFFERENT", dateOfBirth: "DIFFERENT", gender: "DIFFERENT", email: "DIFFERENT", contact: "ADDRESS" });
    expect(levels({ nationalIdHash: null, phone: "n/a", email: null }).nationalId).toBe("MISSING");
    expect(comparisonVector(prepareRecord(base), prepareRecord({ ...base, email: null, phone: null }))).toEqual([0, 0, 0, 0, -1, 2]);
  });

  it("finds twins' given names SIMILAR or DIFFERENT, never CLOSE", () => {
    expect(levels({ fullName: "王小明" }).name).toBe("DIFFERENT");
    expect(compareLevels(prepareRecord({ ...base, fullName: "王晓明" }), prepareRecord({ ...base, fullName: "王晓红" })).name).toBe("SIMILAR");
  });
});

describe("string similarity", () => {
  it("matches the textbook Jaro–Winkler values", () => {
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler("dixon", "dicksonx")).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler("abc", "xyz")).toBe(0);
  });

  it("allows exactly one edit or one swap of neighbours", () => {
    expect(withinOneEdit("xiaoming", "xiaomng")).toBe(true);
    expect(withinOneEdit("xiaoming", "xiaomign")).toBe(true);
    expect(withinOneEdit("xiaoming", "xiaohong")).toBe(false);
    expect(withinOneEdit("abc", "cba")).toBe(false);
  });
});
