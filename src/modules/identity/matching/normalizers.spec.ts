import { normalizeAddress } from "./address";
import { normalizeEmail } from "./email";
import { normalizeName } from "./person-name";
import { normalizePhone } from "./phone";

describe("name normalization", () => {
  it("reads hanzi, pinyin and swapped pinyin as the same sorted tokens", () => {
    expect(normalizeName("王小明")).toEqual({ tokens: ["wang", "xiaoming"], sorted: "wang xiaoming", letters: "aaggiimnnowx" });
    expect(normalizeName("Wang Xiaoming")?.sorted).toBe("wang xiaoming");
    expect(normalizeName("XIAOMING  WANG")?.sorted).toBe("wang xiaoming");
    expect(normalizeName("王 小明")?.sorted).toBe("wang xiaoming");
  });

  it("keeps a compound family name whole and reads polyphonic family characters as family names", () => {
    expect(normalizeName("欧阳娜娜")?.tokens).toEqual(["ouyang", "nana"]);
    expect(normalizeName("单伟")?.tokens).toEqual(["shan", "wei"]);
    expect(normalizeName("曾敏")?.tokens).toEqual(["zeng", "min"]);
  });

  it("writes ü as v in both scripts", () => {
    expect(normalizeName("吕伟")?.sorted).toBe("lv wei");
    expect(normalizeName("Lü Wei")?.sorted).toBe("lv wei");
  });

  it("gives the same letters however the given name is cut", () => {
    expect(normalizeName("Xiao Ming Wang")?.letters).toBe(normalizeName("王小明")?.letters);
    expect(normalizeName("Xiao Ming Wang")?.sorted).toBe("ming wang xiao");
  });

  it("has nothing for an empty or symbol-only name", () => {
    expect(normalizeName(null)).toBeNull();
    expect(normalizeName(" - ")).toBeNull();
  });
});

describe("phone normalization", () => {
  it.each(["13812345678", "+86 138 1234 5678", "138-1234-5678", "0086 13812345678", "（+86）13812345678"])("%s is +8613812345678", (written) => {
    expect(normalizePhone(written)).toBe("+8613812345678");
  });

  it("keeps a foreign number's country and refuses what cannot be a number", () => {
    expect(normalizePhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalizePhone("123")).toBeNull();
    expect(normalizePhone("")).toBeNull();
  });
});

describe("e-mail normalization", () => {
  it("folds case and spaces everywhere, dots and plus-tags only where the provider ignores them", () => {
    expect(normalizeEmail("  Wang.Wei@QQ.com ")).toBe("wang.wei@qq.com");
    expect(normalizeEmail("Wang.Wei+claims@gmail.com")).toBe("wangwei@gmail.com");
    expect(normalizeEmail("wang.wei@googlemail.com")).toBe("wangwei@gmail.com");
    expect(normalizeEmail("wang.wei+claims@outlook.com")).toBe("wang.wei@outlook.com");
    expect(normalizeEmail("wang.wei+claims@163.com")).toBe("wang.wei+claims@163.com");
    expect(normalizeEmail("not-an-address")).toBeNull();
  });
});

describe("address normalization", () => {
  it("folds punctuation, spacing and full-width digits", () => {
    expect(normalizeAddress("北京市朝阳区 建国路５号，3栋")).toBe("北京市朝阳区建国路5号3栋");
    expect(normalizeAddress("No. 5, Jianguo Rd.")).toBe("no5jianguord");
    expect(normalizeAddress(" , ")).toBeNull();
  });
});
