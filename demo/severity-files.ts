/** Severity inputs derived from the latent severity: indicator table (long) and rated severity CSV. */
import { AORS, SEED, YEAR, type AorCode, type PopGroup } from "./config.ts";
import type { Geography } from "./geography.ts";
import type { HnoGroups } from "./hno.ts";
import { rngFor, type Rng } from "./random.ts";
import type { SeverityField } from "./severity-field.ts";
import { dataRow, layoutRows, type Column, type SheetRow } from "./sheet-model.ts";

interface SeverityIndicator {
  code: string;
  aor: AorCode;
  name: string;
  kind: "share" | "count";
  /** thresholds for severity 2, 3, 4, 5 (value >= T_k → severity k) */
  thresholds: [number, number, number, number];
}

const I = (code: string, aor: AorCode, name: string, kind: "share" | "count", thresholds: [number, number, number, number]): SeverityIndicator => ({ code, aor, name, kind, thresholds });

export const SEVERITY_INDICATORS: SeverityIndicator[] = [
  I("GP-S01", "GP", "% of households reporting a safety or security incident in the last 3 months", "share", [0.05, 0.15, 0.3, 0.5]),
  I("GP-S02", "GP", "% of people without civil documentation", "share", [0.05, 0.15, 0.3, 0.5]),
  I("GP-S03", "GP", "# of protection incidents reported per 10,000 people", "count", [1, 5, 15, 40]),
  I("GP-S04", "GP", "% of households reporting restrictions on freedom of movement", "share", [0.1, 0.2, 0.35, 0.55]),
  I("CP-S01", "CP", "% of households with a separated or unaccompanied child", "share", [0.02, 0.05, 0.1, 0.2]),
  I("CP-S02", "CP", "% of children engaged in child labour", "share", [0.05, 0.1, 0.2, 0.35]),
  I("CP-S03", "CP", "# of grave violations against children verified", "count", [1, 3, 10, 25]),
  I("GBV-S01", "GBV", "% of women and girls reporting areas where they feel unsafe", "share", [0.1, 0.25, 0.4, 0.6]),
  I("GBV-S02", "GBV", "% of communities without access to GBV services", "share", [0.1, 0.3, 0.5, 0.75]),
  I("GBV-S03", "GBV", "% of girls married before 18", "share", [0.1, 0.2, 0.35, 0.5]),
  I("MA-S01", "MA", "# of explosive ordnance incidents in the last 12 months", "count", [1, 3, 8, 20]),
  I("MA-S02", "MA", "% of communities reporting explosive ordnance contamination", "share", [0.05, 0.15, 0.3, 0.5]),
  I("MA-S03", "MA", "# of explosive ordnance casualties in the last 12 months", "count", [1, 4, 10, 25]),
  I("HLP-S01", "HLP", "% of households without secure tenure documentation", "share", [0.1, 0.25, 0.4, 0.6]),
  I("HLP-S02", "HLP", "% of households at risk of eviction", "share", [0.03, 0.08, 0.15, 0.3]),
  I("HLP-S03", "HLP", "% of households reporting an HLP dispute", "share", [0.05, 0.1, 0.2, 0.35]),
];

export const INDICATOR_COLUMNS: Column[] = [
  { key: "period", header: "Period", hxl: "#date+year", width: 8 },
  { key: "adm2", header: "Admin 2 P-Code", hxl: "#adm2+code", width: 14 },
  { key: "group", header: "Population group", hxl: "#population_group", width: 16 },
  { key: "aor", header: "AoR", hxl: "#subsector", width: 6 },
  { key: "code", header: "Indicator code", hxl: "#indicator+code", width: 12 },
  { key: "name", header: "Indicator", hxl: "#indicator+name", width: 60 },
  { key: "value", header: "Value", hxl: "#indicator+value", width: 10 },
  { key: "t2", header: "Threshold 2", hxl: "#x_threshold+s2", width: 11 },
  { key: "t3", header: "Threshold 3", hxl: "#x_threshold+s3", width: 11 },
  { key: "t4", header: "Threshold 4", hxl: "#x_threshold+s4", width: 11 },
  { key: "t5", header: "Threshold 5", hxl: "#x_threshold+s5", width: 11 },
];

const GROUP_SHIFT: Record<PopGroup, [number, number]> = {
  // [probability of +1, probability of -1]
  IDP: [0.45, 0],
  Refugees: [0.3, 0.05],
  Returnees: [0.15, 0.1],
  "Host community": [0, 0.35],
};

const clamp = (x: number) => Math.max(1, Math.min(5, x));

/** A value that falls in severity band `level` of the indicator. */
function valueFor(ind: SeverityIndicator, level: number, rng: Rng): number {
  const t = ind.thresholds;
  const lo = level === 1 ? 0 : t[level - 2]!;
  const hi = level === 5 ? (ind.kind === "share" ? Math.min(1, t[3] * 1.6) : t[3] * 2) : t[level - 1]!;
  if (ind.kind === "count") return level === 1 ? rng.int(0, Math.max(0, t[0] - 1)) : rng.int(lo, Math.max(lo, Math.ceil(hi) - 1));
  const v = Math.floor(rng.float(lo, hi) * 1000) / 1000;
  return Math.max(lo, Math.min(v, hi - 0.001));
}

export function severityIndicatorRows(geo: Geography, hno: HnoGroups, sev: SeverityField, seed = SEED): SheetRow[] {
  const rng = rngFor(seed, "severity:indicators");
  const rows: SheetRow[] = [];
  for (const a2 of geo.admin2) {
    const groups: PopGroup[] = (hno.get(a2.pcode) ?? []).map((g) => g.group);
    if (groups.length === 0) groups.push("Host community");
    for (const group of groups) {
      for (const aor of AORS) {
        const [up, down] = GROUP_SHIFT[group];
        const r = rng.next();
        const groupLevel = clamp(sev.byAor.get(a2.pcode)![aor] + (r < up ? 1 : r < up + down ? -1 : 0));
        for (const ind of SEVERITY_INDICATORS.filter((i) => i.aor === aor)) {
          const q = rng.next();
          const level = clamp(groupLevel + (q < 0.15 ? -1 : q < 0.3 ? 1 : 0));
          rows.push(
            dataRow(`${a2.pcode}|${group}|${ind.code}`, {
              period: YEAR,
              adm2: a2.pcode,
              group,
              aor,
              code: ind.code,
              name: ind.name,
              value: valueFor(ind, level, rng),
              t2: ind.thresholds[0],
              t3: ind.thresholds[1],
              t4: ind.thresholds[2],
              t5: ind.thresholds[3],
            }),
          );
        }
      }
    }
  }
  plantIndicatorDefects(rows, rngFor(seed, "defects:severity-indicators"));
  layoutRows(rows, 3);
  return rows;
}

function plantIndicatorDefects(rows: SheetRow[], rng: Rng): void {
  const pick = () => {
    for (;;) {
      const r = rows[rng.int(0, rows.length - 1)]!;
      if (r.notes.length === 0) return r;
    }
  };
  const a = pick();
  [a.cells.t3, a.cells.t4] = [a.cells.t4!, a.cells.t3!];
  a.notes.push({ defect: "non-monotonic thresholds", column: "Threshold 3 / Threshold 4", value: `${a.cells.t2}, ${a.cells.t3}, ${a.cells.t4}, ${a.cells.t5}`, expected: "thresholds must increase: reject the row (or the indicator) and report" });
  const b = pick();
  const was = b.cells.adm2;
  b.cells.adm2 = "XD9999";
  b.notes.push({ defect: "unknown p-code", column: "Admin 2 P-Code", value: "XD9999", expected: `not in COD-AB: flag, do not use (clean value was ${was})` });
  const c = pick();
  c.cells.value = "n/a";
  c.notes.push({ defect: "text in the value column", column: "Value", value: "n/a", expected: "missing value: skip the indicator for this area/group, do not read as 0" });
}

const JUSTIFICATIONS: Record<AorCode, string[]> = {
  GP: [
    "No significant protection incidents reported",
    "Sporadic incidents; movement restrictions reported in some villages",
    "Frequent incidents against civilians, displacement and lack of documentation",
    "Attacks on civilians, forced displacement and movement restrictions widely reported",
    "Systematic attacks on civilians; access severely constrained",
  ],
  CP: [
    "Child protection services functioning",
    "Some family separation and child labour reported",
    "Family separation, child labour and psychosocial distress widely reported",
    "Grave violations against children verified; recruitment risk high",
    "Widespread grave violations; services absent",
  ],
  GBV: [
    "GBV services available, few risks reported",
    "Risks reported in displacement sites, services partly available",
    "High GBV risks, limited access to case management",
    "Severe GBV risks, early marriage and no safe spaces in most communities",
    "Extreme GBV risks; no services, access impossible",
  ],
  MA: [
    "No known contamination",
    "Suspected contamination in a few areas, no recent casualties",
    "Contamination confirmed along roads; casualties in the last 12 months",
    "Heavy contamination, frequent incidents, farmland inaccessible",
    "Extensive contamination; repeated mass-casualty incidents",
  ],
  HLP: [
    "Tenure mostly secure",
    "Some disputes over land and housing",
    "Many households without tenure documents, disputes and eviction threats",
    "Widespread evictions, destroyed housing, disputes on return",
    "Mass destruction of housing and forced evictions",
  ],
};

export const RATED_HEADER = ["admin2_pcode", "admin2_name", "population_group", "aor", "severity", "justification"] as const;

export interface RatedRow {
  values: (string | number)[];
  /** 1-based CSV line number (header = 1) */
  rowNumber: number;
  note?: { defect: string; value: string; expected: string };
}

export function ratedSeverityRows(geo: Geography, sev: SeverityField, seed = SEED): RatedRow[] {
  const rng = rngFor(seed, "severity:rated");
  const rows: RatedRow[] = [];
  for (const a2 of geo.admin2) {
    for (const aor of AORS) {
      const level = sev.byAor.get(a2.pcode)![aor];
      const why = JUSTIFICATIONS[aor][level - 1]!;
      rows.push({ values: [a2.pcode, a2.name, "all", aor, level, `${why}, ${rng.pick(["MSNA 2025", "protection monitoring", "key informant interviews", "AoR partners' workshop"])}`], rowNumber: rows.length + 2 });
    }
  }
  // text forms of a severity (parseable) and two out-of-range values
  const sample = (level: number, n: number) => rng.sample(rows.filter((r) => r.values[4] === level && !r.note), n);
  for (const r of sample(3, 3)) {
    r.values[4] = "3-Severe";
    r.note = { defect: "severity as text", value: "3-Severe", expected: "parse the leading digit → 3" };
  }
  for (const r of sample(4, 2)) {
    r.values[4] = "4-Extreme";
    r.note = { defect: "severity as text", value: "4-Extreme", expected: "parse the leading digit → 4" };
  }
  const fives = sample(5, 1);
  const [seven] = fives.length > 0 ? fives : sample(4, 1);
  seven!.values[4] = 7;
  seven!.note = { defect: "severity out of range", value: "7", expected: "not on the 1–5 scale: reject the value" };
  const [zero] = sample(1, 1);
  zero!.values[4] = 0;
  zero!.note = { defect: "severity out of range", value: "0", expected: "not on the 1–5 scale: reject the value" };
  return rows;
}
