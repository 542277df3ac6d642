import type { Weighted } from "./random";

/** Pinyin family names, weighted roughly by how common they are. */
export const FAMILY_NAMES: Weighted<string> = [
  ["Wang", 72], ["Li", 71], ["Zhang", 68], ["Liu", 52], ["Chen", 45], ["Yang", 33], ["Huang", 25], ["Zhao", 24],
  ["Wu", 22], ["Zhou", 21], ["Xu", 17], ["Sun", 15], ["Ma", 14], ["Zhu", 13], ["Hu", 12], ["Guo", 11],
  ["He", 11], ["Gao", 10], ["Lin", 10], ["Luo", 9], ["Zheng", 9], ["Liang", 8], ["Xie", 7], ["Song", 6],
  ["Tang", 6], ["Han", 6], ["Feng", 5], ["Deng", 5], ["Cao", 5], ["Peng", 5], ["Zeng", 5], ["Xiao", 5],
  ["Tian", 5], ["Dong", 4], ["Pan", 4], ["Yuan", 4], ["Cai", 4], ["Jiang", 4], ["Yu", 4], ["Du", 4],
  ["Ye", 4], ["Cheng", 4], ["Wei", 3], ["Su", 3], ["Lyu", 3], ["Ding", 3], ["Ren", 3], ["Shen", 3], ["Yao", 3], ["Lu", 3],
];

export const MALE_GIVEN_NAMES = [
  "Wei", "Jun", "Qiang", "Lei", "Yang", "Jie", "Tao", "Ming", "Chao", "Hao", "Peng", "Bo", "Hui", "Gang", "Jian",
  "Xin", "Yu", "Zhiwei", "Jianhua", "Haoran", "Zihao", "Yuxuan", "Junjie", "Tianyu", "Mingze", "Guoqiang",
  "Jianguo", "Zhiqiang", "Wenbo", "Kai", "Yifan", "Hongwei", "Dawei", "Xiaolong", "Shuai",
];

export const FEMALE_GIVEN_NAMES = [
  "Fang", "Na", "Min", "Jing", "Li", "Yan", "Xiuying", "Juan", "Ying", "Hua", "Hong", "Ping", "Lina", "Xiaomei",
  "Yuting", "Zihan", "Yutong", "Xinyi", "Shiyu", "Jiayi", "Meiling", "Lihua", "Guilan", "Xue", "Qian", "Dan",
  "Lan", "Yun", "Rui", "Ting", "Yue", "Wenjing", "Xiaoyan", "Haiyan", "Shuang",
];

export interface Occupation {
  name: string;
  /** Occupational risk class, 1 (office work) to 6 (hazardous). */
  occupationClass: number;
  /** Median annual income in yuan (CNY), before age and individual variation. */
  medianIncome: number;
  weight: number;
}

const occupation = (name: string, occupationClass: number, medianIncome: number, weight: number): Occupation => ({
  name,
  occupationClass,
  medianIncome,
  weight,
});

/** Occupations of working-age adults. */
export const OCCUPATIONS: readonly Occupation[] = [
  occupation("Software Engineer", 1, 300_000, 6),
  occupation("Accountant", 1, 150_000, 5),
  occupation("Teacher", 1, 120_000, 7),
  occupation("Civil Servant", 1, 130_000, 6),
  occupation("Sales Manager", 1, 200_000, 5),
  occupation("Lawyer", 1, 350_000, 2),
  occupation("Bank Clerk", 1, 140_000, 4),
  occupation("Architect", 1, 260_000, 2),
  occupation("Retail Clerk", 1, 60_000, 6),
  occupation("Doctor", 2, 250_000, 3),
  occupation("Nurse", 2, 100_000, 4),
  occupation("Business Owner", 2, 400_000, 4),
  occupation("Real Estate Agent", 2, 150_000, 3),
  occupation("Pharmacist", 2, 130_000, 2),
  occupation("Chef", 3, 80_000, 3),
  occupation("Factory Worker", 3, 65_000, 7),
  occupation("Farmer", 3, 40_000, 5),
  occupation("Mechanic", 3, 85_000, 3),
  occupation("Taxi Driver", 4, 70_000, 3),
  occupation("Delivery Rider", 4, 75_000, 4),
  occupation("Electrician", 4, 90_000, 3),
  occupation("Truck Driver", 4, 100_000, 3),
  occupation("Police Officer", 4, 140_000, 2),
  occupation("Construction Worker", 5, 80_000, 4),
  occupation("Firefighter", 5, 120_000, 1),
  occupation("Fisherman", 5, 60_000, 1),
  occupation("Coal Miner", 6, 110_000, 1),
  occupation("High-altitude Installer", 6, 120_000, 1),
];

export const OCCUPATION_CHOICES = OCCUPATIONS.map((o) => [o, o.weight] as const);

export const RETIRED = occupation("Retired", 1, 55_000, 0);
export const STUDENT = occupation("Student", 1, 0, 0);
export const HOMEMAKER = occupation("Homemaker", 1, 0, 0);
export const CHILD = occupation("Child", 1, 0, 0);
