import defaultModel from "./default-model.json";
import { classify, type MatchModel } from "./match-model";
import type { MatchRecord } from "./match-record";
import { prepareRecord } from "./prepared-record";
import { FIELD_CLASSES } from "../../../auth/field-policy";
import { MATCH_SCORE_INPUTS, scorePair } from "./score-pair";
import { InMemoryTermFrequencies } from "./term-frequencies";

const model = defaultModel as MatchModel;
const customer: MatchRecord = {
  id: "c1", fullName: "欧阳娜娜", dateOfBirth: "1988-06-14", nationalIdHash: "9f2c", phone: "13812345678",
  email: "nana.ouyang@163.com", address: "上海市徐汇区淮海路100号2栋301室", city: "上海", gender: "FEMALE",
};

describe("scorePair", () => {
  it("explains itself with one line per comparison: levels and weights that add up to the score", () => {
    const score = scorePair(customer, { ...customer, id: "c2", fullName: "Nana Ouyang", phone: "+86 138 1234 5679", email: null }, model);
    expect(score.comparisons.map(({ comparison, level }) => `${comparison}:${level}`)).toEqual([
      "prior:PRIOR", "nationalId:EXACT", "name:EXACT", "dateOfBirth:EXACT", "gender:EXACT", "email:MISSING", "contact:ADDRESS",
    ]);
    expect(score.comparisons.find((line) => line.comparison === "email")?.weight).toBe(0);
    expect(score.weight).toBeCloseTo(score.comparisons.reduce((sum, line) => sum + line.weight, 0), 9);
    expect(score.probability).toBeCloseTo(1 / (1 + 2 ** -score.weight), 12);
  });

  it("never carries a compared value in its explanation", () => {
    const other = { ...customer, id: "c2", fullName: "Ouyang Nana", email: "OUYANG.NANA@163.COM" };
    const explanation = JSON.stringify(scorePair(customer, other, model));
    const values = [...Object.values(customer), ...Object.values(other)].filter((value): value is string => typeof value === "string");
    for (const value of [...values, "ouyang", "nana", "8613812345678", "1988", "淮海"]) expect(explanation).not.toContain(value);
  });

  it("links the same customer written in pinyin, and does not link a namesake born the same day", () => {
    const same = scorePair(customer, { ...customer, id: "c2", fullName: "OUYANG Nana", nationalIdHash: null }, model);
    expect(classify(same.weight, model.thresholds)).toBe("LINK");
    const namesake = scorePair(customer, {
      ...customer, id: "c3", nationalIdHash: "77aa", phone: "13999990000", email: "nn1988@qq.com", address: "北京市海淀区学院路8号", city: "北京",
    }, model);
    expect(classify(namesake.weight, model.thresholds)).toBe("NONE");
  });

  it("weighs an exact match on a rare name more than one on a common name", () => {
    const people = [...Array.from({ length: 200 }, (_, n): MatchRecord => ({ ...customer, id: `w${n}`, fullName: "王伟" })), customer];
    const frequencies = new InMemoryTermFrequencies(people.map((person) => prepareRecord(person)));
    const nameWeight = (fullName: string) =>
      scorePair({ ...customer, fullName }, { ...customer, id: "other", fullName }, model, frequencies).comparisons.find((line) => line.comparison === "name")!.weight;
    expect(nameWeight("欧阳娜娜")).toBeGreaterThan(nameWeight("王伟") + 5);
    expect(frequencies.nameFrequency("wang wei")).toBeCloseTo(200 / 201, 9);
    expect(frequencies.nameFrequency("never seen")).toBeCloseTo(1 / 201, 9);
  });

  it("names as its inputs fields the personal-data policy knows, the identifying ones included", () => {
    for (const input of MATCH_SCORE_INPUTS.inputs) {
      const [typeName, fieldName] = input.split(".");
      expect(FIELD_CLASSES[typeName]?.[fieldName]).toBeDefined();
    }
    expect(MATCH_SCORE_INPUTS.inputs).toEqual(expect.arrayContaining(["Customer.nationalId", "Customer.dateOfBirth"]));
  });

  it("classifies by the two thresholds", () => {
    const thresholds = { link: 20, review: 10 };
    expect([classify(25, thresholds), classify(20, thresholds), classify(15, thresholds), classify(10, thresholds), classify(9.9, thresholds)]).toEqual([
      "LINK", "LINK", "REVIEW", "REVIEW", "NONE",
    ]);
  });
});
