import { ConfigError } from "../../config";
import { RETENTION_TABLE, type RetentionRule } from "./retention-table";

/** A rule with the deployment's period. */
export interface RetentionPolicyRule extends RetentionRule {
  period: number;
}

const MAX_PERIOD = { days: 36_500, years: 100 } as const;

/**
 * The retention table with the periods of RETENTION_*_DAYS / _YEARS over the declared defaults. A
 * name the table does not declare, or a period that is not a whole number from 1, stops the start
 * (a typo would otherwise keep data for the default period silently).
 */
export function retentionPolicy(given: Record<string, string> = {}): RetentionPolicyRule[] {
  const settings = new Set(RETENTION_TABLE.map((rule) => rule.setting));
  for (const name of Object.keys(given)) {
    if (!settings.has(name)) throw new ConfigError(`${name} is not a retention period; the retention table declares ${[...settings].join(", ")}`);
  }
  return RETENTION_TABLE.map((rule) => {
    const raw = given[rule.setting];
    const period = raw === undefined ? rule.defaultPeriod : Number(raw);
    if (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD[rule.unit]) {
      throw new ConfigError(`${rule.setting} must be a whole number of ${rule.unit} from 1 to ${MAX_PERIOD[rule.unit]}, got "${raw}"`);
    }
    return { ...rule, period };
  });
}

/** Now minus the period: calendar years (UTC), or days of 24 h. */
export function cutoffOf(rule: RetentionPolicyRule, now: Date): Date {
  if (rule.unit === "days") return new Date(now.getTime() - rule.period * 86_400_000);
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - rule.period);
  return cutoff;
}

/** docs/retention.md and the README: the retention table as markdown, from the declaration. */
export function renderRetentionTable(rules: readonly RetentionPolicyRule[] = retentionPolicy()): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");
  const rows = rules.map((rule) =>
    [
      rule.name,
      `\`${rule.table}\``,
      rule.timeFrom ? rule.timeFrom.label : `\`${rule.timeColumn}\``,
      `\`${rule.setting}\` = ${rule.period}`,
      rule.scope ? `\`${rule.scope}\`` : "all",
      rule.exemptions.map((exemption) => exemption.name + (exemption.when ? " (when streaming)" : "")).join("; ") || "—",
      cell(rule.why),
    ].map(cell).join(" | "),
  );
  return ["| rule | table | counted from | period (setting = default) | rows | kept anyway | why |", "| --- | --- | --- | --- | --- | --- | --- |", ...rows.map((row) => `| ${row} |`)].join("\n");
}
