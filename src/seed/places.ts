/**
 * Cities the demo customers live in, with districts and their GB/T 2260 administrative region
 * codes (the first six digits of a resident id issued there). Weights roughly follow population.
 */
export interface District {
  name: string;
  regionCode: string;
}

export interface City {
  name: string;
  /** Province, autonomous region or municipality. */
  region: string;
  weight: number;
  districts: readonly District[];
}

const district = (name: string, regionCode: string): District => ({ name, regionCode });

export const CITIES: readonly City[] = [
  { name: "Shanghai", region: "Shanghai", weight: 10, districts: [district("Huangpu", "310101"), district("Xuhui", "310104"), district("Minhang", "310112"), district("Pudong New Area", "310115")] },
  { name: "Beijing", region: "Beijing", weight: 10, districts: [district("Dongcheng", "110101"), district("Xicheng", "110102"), district("Chaoyang", "110105"), district("Haidian", "110108")] },
  { name: "Guangzhou", region: "Guangdong", weight: 8, districts: [district("Yuexiu", "440104"), district("Haizhu", "440105"), district("Tianhe", "440106")] },
  { name: "Shenzhen", region: "Guangdong", weight: 8, districts: [district("Luohu", "440303"), district("Futian", "440304"), district("Nanshan", "440305")] },
  { name: "Chengdu", region: "Sichuan", weight: 7, districts: [district("Jinjiang", "510104"), district("Wuhou", "510107"), district("Chenghua", "510108")] },
  { name: "Chongqing", region: "Chongqing", weight: 7, districts: [district("Yuzhong", "500103"), district("Jiangbei", "500105")] },
  { name: "Hangzhou", region: "Zhejiang", weight: 6, districts: [district("Shangcheng", "330102"), district("Xihu", "330106"), district("Binjiang", "330108")] },
  { name: "Wuhan", region: "Hubei", weight: 6, districts: [district("Jiang'an", "420102"), district("Wuchang", "420106"), district("Hongshan", "420111")] },
  { name: "Tianjin", region: "Tianjin", weight: 5, districts: [district("Heping", "120101"), district("Nankai", "120104")] },
  { name: "Nanjing", region: "Jiangsu", weight: 5, districts: [district("Xuanwu", "320102"), district("Jianye", "320105"), district("Gulou", "320106")] },
  { name: "Suzhou", region: "Jiangsu", weight: 4, districts: [district("Wuzhong", "320506"), district("Gusu", "320508")] },
  { name: "Xi'an", region: "Shaanxi", weight: 4, districts: [district("Beilin", "610103"), district("Yanta", "610113")] },
  { name: "Changsha", region: "Hunan", weight: 4, districts: [district("Furong", "430102"), district("Yuelu", "430104")] },
  { name: "Zhengzhou", region: "Henan", weight: 4, districts: [district("Zhongyuan", "410102"), district("Jinshui", "410105")] },
  { name: "Ningbo", region: "Zhejiang", weight: 3, districts: [district("Haishu", "330203"), district("Yinzhou", "330212")] },
  { name: "Jinan", region: "Shandong", weight: 3, districts: [district("Lixia", "370102"), district("Shizhong", "370103")] },
  { name: "Qingdao", region: "Shandong", weight: 3, districts: [district("Shinan", "370202"), district("Laoshan", "370212")] },
  { name: "Shenyang", region: "Liaoning", weight: 3, districts: [district("Heping", "210102"), district("Shenhe", "210103")] },
  { name: "Dalian", region: "Liaoning", weight: 2, districts: [district("Zhongshan", "210202"), district("Shahekou", "210204")] },
  { name: "Harbin", region: "Heilongjiang", weight: 2, districts: [district("Daoli", "230102"), district("Nangang", "230103")] },
  { name: "Fuzhou", region: "Fujian", weight: 2, districts: [district("Gulou", "350102"), district("Taijiang", "350103")] },
  { name: "Xiamen", region: "Fujian", weight: 2, districts: [district("Siming", "350203"), district("Huli", "350206")] },
  { name: "Hefei", region: "Anhui", weight: 3, districts: [district("Shushan", "340104"), district("Baohe", "340111")] },
  { name: "Kunming", region: "Yunnan", weight: 2, districts: [district("Wuhua", "530102"), district("Panlong", "530103")] },
  { name: "Nanning", region: "Guangxi", weight: 2, districts: [district("Xingning", "450102"), district("Qingxiu", "450103")] },
  { name: "Shijiazhuang", region: "Hebei", weight: 2, districts: [district("Chang'an", "130102"), district("Qiaoxi", "130104")] },
  { name: "Taiyuan", region: "Shanxi", weight: 2, districts: [district("Xiaodian", "140105"), district("Yingze", "140106")] },
  { name: "Nanchang", region: "Jiangxi", weight: 2, districts: [district("Donghu", "360102"), district("Xihu", "360103")] },
  { name: "Guiyang", region: "Guizhou", weight: 1, districts: [district("Nanming", "520102"), district("Yunyan", "520103")] },
];

export const CITY_CHOICES = CITIES.map((city) => [city, city.weight] as const);

/** "Xicheng District", but "Pudong New Area" as it is. */
export function districtLabel(district: District): string {
  return district.name.endsWith(" Area") ? district.name : `${district.name} District`;
}

export const STREETS = [
  "Renmin Road", "Jiefang Road", "Zhongshan Road", "Jianguo Road", "Heping Road", "Xinhua Street",
  "Changjiang Road", "Wenhua Road", "Kexue Avenue", "Binjiang Avenue", "Century Avenue", "Dongfeng Road",
  "Huaihai Road", "Chaoyang Road", "Yan'an Road", "Fuxing Road", "Beijing Road", "Shengli Street",
  "Jinqiao Road", "Qingnian Road", "Hongqi Road", "Minzhu Road", "Xingfu Avenue", "Guangming Street",
];
