import { createHash } from "node:crypto";
import { blockingKeys, type BlockingKey } from "./blocking-keys";
import type { MatchRecord } from "./match-record";

const record = (changes: Partial<MatchRecord>): MatchRecord => ({
  id: "x", fullName: null, dateOfBirth: null, nationalIdHash: null, phone: null, email: null, address: null, city: null, gender: null, ...changes,
});
const shared = (a: MatchRecord, b: MatchRecord) => {
  const keysOfB = new Set(blockingKeys(b).map((key) => `${key.kind}:${key.value}`));
  return blockingKeys(a).filter((key) => keysOfB.has(`${key.kind}:${key.value}`)).map((key) => key.kind).sort();
};

describe("blocking keys", () => {
  it("brings 王伟 and Wei Wang born the same day together on name and birth", () => {
    const hanzi = record({ fullName: "王伟", dateOfBirth: "1985-03-07" });
    expect(shared(hanzi, record({ fullName: "Wei Wang", dateOfBirth: "1985-03-07" }))).toEqual(["initialsBirth", "name", "nameBirth", "nameYear"]);
    expect(shared(hanzi, record({ fullName: "WANG Wei", dateOfBirth: "1985-07-03" }))).toEqual(["name", "nameBirth", "nameYear"]);
  });

  it("meets a typo in the name through its initials and the birth date", () => {
    expect(shared(record({ fullName: "Wang Xiaoming", dateOfBirth: "1990-01-02" }), record({ fullName: "Wang Xiaomimg", dateOfBirth: "1990-01-02" }))).toEqual(["initialsBirth"]);
  });

  it("keys phones, e-mails and national ids by their normalized form", () => {
    const a = record({ phone: "138 1234 5678", email: "Wang.Wei+x@gmail.com", nationalIdHash: "abc" });
    const b = record({ phone: "+86-138-1234-5678", email: "wangwei@googlemail.com", nationalIdHash: "abc" });
    expect(shared(a, b)).toEqual(["email", "emailLocal", "nationalId", "phone"]);
  });

  it("keeps the stored form of a key: the first 16 base64url characters of SHA-256 over the parts (stored keys depend on it)", () => {
    // written out with createHash, independently of the one-shot hash the code uses
    const sha = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 16);
    const keys = blockingKeys(record({ nationalIdHash: "abc", phone: "+8613812345678", email: "wangwei85@163.com" }));
    expect(keys).toEqual([
      { kind: "nationalId", value: sha("abc") },
      { kind: "phone", value: sha("+8613812345678") },
      { kind: "email", value: sha("wangwei85@163.com") },
      { kind: "emailLocal", value: sha("wangwei85") },
    ]);
  });

  it("gives short values that contain none of the record's own", () => {
    const keys: BlockingKey[] = blockingKeys(record({ fullName: "王伟", dateOfBirth: "1985-03-07", phone: "13812345678", email: "wangwei85@163.com", address: "北京市朝阳区建国路5号" }));
    expect(keys.map((key) => key.kind)).toEqual(["phone", "email", "emailLocal", "nameBirth", "initialsBirth", "nameYear", "name", "address"]);
    for (const key of keys) {
      expect(key.value).toMatch(/^[A-Za-z0-9_-]{16}$/);
      for (const value of ["wang", "1985", "13812345678", "163", "北京"]) expect(key.value).not.toContain(value);
    }
  });

  it("gives strangers no key in common, and a record with nothing no key at all", () => {
    expect(shared(record({ fullName: "王伟", dateOfBirth: "1985-03-07", phone: "13812345678" }), record({ fullName: "李娜", dateOfBirth: "1985-03-07", phone: "13900000000" }))).toEqual([]);
    expect(blockingKeys(record({}))).toEqual([]);
  });
});
