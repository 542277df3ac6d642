import { Role } from "../auth/role";
import type { StaffUser } from "../modules/staff/staff.entity";
import { staffIdFor } from "../modules/staff/staff-id";
import { DAY, YEAR_DAYS } from "./clock";

/**
 * The seeded staff. Usernames are fixed so that docs, tests and `npm run token -- --sub` can name
 * them; ids come from staffIdFor(username). There are agent1…agentN with
 * N = agentCount(customers) ≥ 5; the lists below name those that always exist.
 */
export const SEED_USERNAMES = {
  [Role.ADMIN]: ["admin"],
  [Role.AGENT]: ["agent1", "agent2", "agent3", "agent4", "agent5"],
  [Role.UNDERWRITER]: ["underwriter1", "underwriter2"],
  [Role.CLAIMS_ADJUSTER]: ["adjuster1", "adjuster2", "adjuster3"],
  [Role.MARKETING]: ["marketing1", "marketing2"],
  [Role.COMPLIANCE]: ["compliance1"],
  [Role.SERVICE_REP]: ["rep1", "rep2"],
  [Role.INTEGRATION]: ["core.pas"],
} as const satisfies Partial<Record<Role, readonly string[]>>;

/** An agent who has left: inactive (cannot sign in) and without customers. */
export const INACTIVE_AGENT_USERNAME = "former.agent";

/** One agent per 250 customers, at least five. */
export function agentCount(customers: number): number {
  return Math.max(SEED_USERNAMES[Role.AGENT].length, Math.ceil(customers / 250));
}

export type StaffRow = Pick<StaffUser, "id" | "username" | "displayName" | "role" | "branch" | "active" | "createdAt">;

/** Ids of the staff the generators assign work to. */
export interface StaffDirectory {
  agents: string[];
  underwriters: string[];
  adjusters: string[];
  compliance: string[];
}

const AGENT_FAMILY_NAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma"];
const AGENT_GIVEN_NAMES = ["Min", "Jing", "Lei", "Yan", "Tao", "Fang", "Hao", "Xue", "Peng", "Li", "Qiang", "Na", "Bo", "Ying", "Kai", "Rui", "Jun"];
const BRANCHES = [
  "Shanghai Pudong Branch", "Beijing Chaoyang Branch", "Guangzhou Tianhe Branch", "Shenzhen Futian Branch",
  "Chengdu Wuhou Branch", "Hangzhou Xihu Branch", "Wuhan Wuchang Branch", "Nanjing Jianye Branch",
];
const HEAD_OFFICE = "Head Office (Shanghai)";

function agentDisplayName(index: number): string {
  const family = AGENT_FAMILY_NAMES[index % AGENT_FAMILY_NAMES.length];
  const given = AGENT_GIVEN_NAMES[(index * 7 + Math.floor(index / AGENT_FAMILY_NAMES.length)) % AGENT_GIVEN_NAMES.length];
  return `${family} ${given}`;
}

export function staffRows(customers: number, now: Date): StaffRow[] {
  const joined = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const member = (username: string, displayName: string, role: Role, branch: string, daysAgo: number, active = true): StaffRow => ({
    id: staffIdFor(username),
    username,
    displayName,
    role,
    branch,
    active,
    createdAt: joined(daysAgo),
  });
  const tenure = 11 * YEAR_DAYS;
  const agents = Array.from({ length: agentCount(customers) }, (_, i) =>
    member(`agent${i + 1}`, agentDisplayName(i), Role.AGENT, BRANCHES[i % BRANCHES.length], tenure - (i % 400)),
  );
  return [
    member("admin", "System Administrator", Role.ADMIN, HEAD_OFFICE, tenure + 30),
    ...agents,
    member("underwriter1", "Sun Liang (Underwriting)", Role.UNDERWRITER, HEAD_OFFICE, tenure),
    member("underwriter2", "Gao Ping (Underwriting)", Role.UNDERWRITER, BRANCHES[1], tenure - 200),
    member("adjuster1", "Zhou Qiang (Claims)", Role.CLAIMS_ADJUSTER, HEAD_OFFICE, tenure),
    member("adjuster2", "Wu Lina (Claims)", Role.CLAIMS_ADJUSTER, BRANCHES[2], tenure - 100),
    member("adjuster3", "Xu Bin (Claims)", Role.CLAIMS_ADJUSTER, BRANCHES[4], tenure - 300),
    member("marketing1", "Lin Xiaoyu (Marketing)", Role.MARKETING, HEAD_OFFICE, tenure - 50),
    member("marketing2", "He Jia (Marketing)", Role.MARKETING, HEAD_OFFICE, tenure - 400),
    member("compliance1", "Guo Wen (Compliance)", Role.COMPLIANCE, HEAD_OFFICE, tenure),
    // the contact centre (hotline): serve any caller once verified
    member("rep1", "Tang Mei (Contact centre)", Role.SERVICE_REP, HEAD_OFFICE, tenure - 150),
    member("rep2", "Qian Hao (Contact centre)", Role.SERVICE_REP, HEAD_OFFICE, tenure - 250),
    // the core policy-administration system's service account: loads customers and policies by import
    member("core.pas", "Core policy administration (service account)", Role.INTEGRATION, HEAD_OFFICE, tenure),
    member(INACTIVE_AGENT_USERNAME, "Ma Dong (left the company)", Role.AGENT, BRANCHES[0], tenure + 10, false),
  ];
}

export function staffDirectory(rows: readonly StaffRow[]): StaffDirectory {
  const ids = (role: Role) => rows.filter((row) => row.role === role && row.active).map((row) => row.id);
  return {
    agents: ids(Role.AGENT),
    underwriters: ids(Role.UNDERWRITER),
    adjusters: ids(Role.CLAIMS_ADJUSTER),
    compliance: ids(Role.COMPLIANCE),
  };
}
