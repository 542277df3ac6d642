import { pinyin } from "pinyin-pro";

/**
 * A person's name as toneless pinyin tokens, whatever script or order it was written in:
 * "王小明", "Wang Xiaoming" and "XIAOMING WANG" all give the tokens wang + xiaoming.
 */
export interface NormalizedName {
  tokens: string[];
  /** Tokens sorted and joined by a space: independent of family/given order. */
  sorted: string;
  /** Every letter, sorted: also independent of where the name was cut ("xiao ming" = "xiaoming"). */
  letters: string;
}

const HAN = /\p{Script=Han}/u;
const HAN_GLOBAL = /\p{Script=Han}/gu;
/** Two-character family names; any other hanzi name has a one-character family name. */
const COMPOUND_FAMILY_NAMES = new Set([
  "欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "尉迟", "公孙", "令狐",
  "夏侯", "长孙", "宇文", "司徒", "端木", "独孤", "南宫", "西门", "轩辕", "呼延",
]);

function hanziTokens(name: string): string[] {
  const characters = name.match(HAN_GLOBAL)?.join("") ?? "";
  if (!characters) return [];
  const familyLength = characters.length > 2 && COMPOUND_FAMILY_NAMES.has(characters.slice(0, 2)) ? 2 : 1;
  // surname mode reads polyphonic family characters as family names (单 shan, 曾 zeng)
  const family = pinyin(characters.slice(0, familyLength), { toneType: "none", type: "array", surname: "head", v: true }).join("");
  const given = pinyin(characters.slice(familyLength), { toneType: "none", type: "array", v: true }).join("");
  return given ? [family, given] : [family];
}

function latinTokens(name: string): string[] {
  const folded = name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/ü|u:/g, "v")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
  return folded.split(/[^a-z]+/).filter((token) => token.length > 0);
}

export function normalizeName(fullName: string | null): NormalizedName | null {
  if (!fullName) return null;
  const tokens = HAN.test(fullName) ? hanziTokens(fullName) : latinTokens(fullName);
  if (tokens.length === 0) return null;
  return { tokens, sorted: [...tokens].sort().join(" "), letters: [...tokens.join("")].sort().join("") };
}

/** First letters of the sorted tokens ("wang xiaoming" → "wx"): survives most typos. */
export function nameInitials(name: NormalizedName): string {
  return name.sorted
    .split(" ")
    .map((token) => token[0])
    .join("");
}
