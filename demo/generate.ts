/**
 * Deterministic demo data for the Protection Cluster analytics tool.
 *   npx tsx demo/generate.ts [outDir]        (default data/demo)
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBoundaries } from "./boundaries.ts";
import { buildCcpmFiles } from "./ccpm.ts";
import { YEAR } from "./config.ts";
import { defectsMarkdown, fiveWDefects, ratedDefects, readmeMarkdown, sheetDefects, type ReadmeFile } from "./docs.ts";
import { buildFiveWFiles } from "./five-w-files.ts";
import { buildFundingFiles } from "./funding.ts";
import { generateRecords } from "./five-w.ts";
import { buildGeography } from "./geography.ts";
import { buildHnoGroups } from "./hno.ts";
import { pledgeFiles } from "./pledges.ts";
import { planCoverage, PARTNERS } from "./partners.ts";
import { buildPopulation } from "./population.ts";
import { buildRiskFiles } from "./risks.ts";
import { codPsBytes, geojsonBytes, hnoRows, hnoWorkbook } from "./reference-files.ts";
import { INDICATOR_COLUMNS, RATED_HEADER, ratedSeverityRows, severityIndicatorRows } from "./severity-files.ts";
import { buildSeverityField } from "./severity-field.ts";
import { csvFromValues, encodeText } from "./write-csv.ts";
import { fiveWBytes } from "./write-5w.ts";
import { addTableSheet, newWorkbook, workbookBytes } from "./write-xlsx.ts";

const FIVE_W_WHAT: Record<string, string> = {
  cluster: "Cluster consolidated 5W (English): sheets Instructions, 5W (title, 2 header rows, HXL row 6, spacer rows, TOTAL row), Lists",
  "french-xlsx": "Partner 5W in French (sheet Données, header row 1, numbers as text, months as text)",
  "french-csv": "Partner 5W exported by French Excel: Windows-1252, `;`, French headers",
  "ma-csv": "Mine Action AoR 5W: UTF-8 with BOM, `,`, English headers, no HXL row",
};

export async function generateDemo(outDir = "data/demo"): Promise<string[]> {
  const geo = buildGeography();
  const { adm1, adm2, mesh } = buildBoundaries(geo);
  const pop = buildPopulation(geo);
  const sev = buildSeverityField(geo, mesh);
  const hno = buildHnoGroups(geo, pop, sev);
  const coverage = planCoverage(geo, sev);
  const records = generateRecords(coverage.plans, hno, sev);
  const fiveW = buildFiveWFiles(records, geo);

  const outputs: { path: string; bytes: Uint8Array }[] = [];
  const readme: ReadmeFile[] = [];
  const add = (path: string, bytes: Uint8Array, rows: number, what: string) => {
    outputs.push({ path, bytes });
    readme.push({ path, rows, what });
  };

  add("boundaries/xdm_admbnda_adm1_20250101.geojson", geojsonBytes(adm1), adm1.features.length, "COD-AB admin1 polygons (exterior rings clockwise)");
  add("boundaries/xdm_admbnda_adm2_20250101.geojson", geojsonBytes(adm2), adm2.features.length, "COD-AB admin2 polygons (exterior rings counter-clockwise, RFC 7946)");
  add(`population/xdm_admpop_adm1_${YEAR}.csv`, codPsBytes(geo, pop, 1), geo.admin1.length, "COD-PS admin1 population by sex and age band (UTF-8 with BOM)");
  add(`population/xdm_admpop_adm2_${YEAR}.csv`, codPsBytes(geo, pop, 2), geo.admin2.length, "COD-PS admin2 population by sex and age band (UTF-8 with BOM)");
  const hnoSheet = hnoRows(geo, hno);
  add(`population/xdm_hno_population_groups_${YEAR}.xlsx`, await hnoWorkbook(hnoSheet), hnoSheet.length, "HNO population groups per admin2 (sheet Population, HXL row 2)");

  for (const f of fiveW) {
    add(f.path, await fiveWBytes(f, geo), f.rows.filter((r) => r.kind === "data").length, FIVE_W_WHAT[f.kind]!);
  }

  const indicatorRows = severityIndicatorRows(geo, hno, sev);
  const wb = newWorkbook();
  addTableSheet(wb, "Indicators", INDICATOR_COLUMNS, indicatorRows, { hxl: true, freeze: true });
  const indicatorsPath = `severity/xdm_severity_indicators_${YEAR}.xlsx`;
  add(indicatorsPath, await workbookBytes(wb), indicatorRows.length, "Severity indicators, long format (admin2 × population group × indicator) with thresholds, HXL row 2");
  const rated = ratedSeverityRows(geo, sev);
  const ratedPath = `severity/xdm_severity_rated_${YEAR}.csv`;
  add(ratedPath, encodeText(csvFromValues(RATED_HEADER, rated.map((r) => r.values)), "utf-8"), rated.length, "Directly rated severity per admin2 × AoR (UTF-8)");

  for (const f of await buildCcpmFiles()) add(f.path, f.bytes, f.rows, f.what);

  for (const f of await buildFundingFiles()) add(f.path, f.bytes, f.rows, f.what);

  for (const f of await pledgeFiles()) add(f.path, f.bytes, f.rows, f.what);

  for (const f of await buildRiskFiles(geo)) add(f.path, f.bytes, f.rows, f.what);

  const defects = [
    ...fiveWDefects(fiveW),
    ...sheetDefects(indicatorsPath, "Indicators", indicatorRows),
    ...ratedDefects(ratedPath, rated),
  ];
  const formatNotes = [
    "Cluster quarterly files: reporting month is a real Excel date (first of month, format `mmm yyyy`); Total is a `=SUM` formula with a cached result; two header rows (merged group cells on row 4).",
    "French workbooks: months as text (`juin 2025`), every number typed as text with a space thousands separator (`1 250`).",
    "French CSV: Windows-1252, `;` delimiter, CRLF, months as `01/09/2025`, totals ≥ 1000 with a no-break space (0xA0) thousands separator.",
    "French activities carry the activity code as prefix (`CP-02 Gestion de cas …`); French values: AoR `Protection de l'enfance`/`VBG`/`Lutte antimines`/`LTB`/`Protection générale`, status `En cours`/`Terminé`/`Planifié`, groups `PDI`/`Retournés`/`Communauté hôte`/`Réfugiés`.",
    "Session indicators (GP-03, MA-01) report a total only: disaggregation cells are blank, not zero.",
    `"Tessit" is the name of two admin2 (${geo.admin2.filter((a) => a.name === "Tessit").map((a) => `${a.pcode} in ${a.admin1.name}`).join(", ")}).`,
  ];
  outputs.push({ path: "DEFECTS.md", bytes: Buffer.from(defectsMarkdown(defects, coverage.gaps, formatNotes), "utf8") });
  const fiveWRows = fiveW.reduce((s, f) => s + f.rows.filter((r) => r.kind === "data").length, 0);
  readme.push({ path: "DEFECTS.md", rows: defects.length, what: "Every planted defect (file, sheet, row, expected handling) and the expected coverage gaps" });
  outputs.push({ path: "README.md", bytes: Buffer.from(readmeMarkdown(readme, { fiveWRows, partners: PARTNERS.length, admin2: geo.admin2.length }), "utf8") });

  const written: string[] = [];
  for (const o of outputs) {
    const full = join(outDir, o.path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, o.bytes);
    written.push(full);
  }
  return written;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const outDir = process.argv[2] ?? "data/demo";
  const t0 = performance.now();
  generateDemo(outDir).then(
    (files) => {
      for (const f of files) console.log(f);
      console.log(`${files.length} files written to ${outDir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
