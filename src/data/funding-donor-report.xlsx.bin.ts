// Data loader (.xlsx.bin: Framework adds a CDN import for .xlsx attachments): the donor report of every donor (one formatted sheet per table, a Donor column in each) as XLSX
// on stdout, for the donor report page's download; one donor's report: `protection donor-report`.
import { openReadOnly } from "../../warehouse/db.ts";
import { donorReport, donorWorkbook } from "../lib/donor-report.ts";

const started = Date.now();
const w = await openReadOnly();
try {
  const report = await donorReport(w, { donor: null, year: null });
  const bytes = Buffer.from(await donorWorkbook(report).xlsx.writeBuffer());
  process.stdout.write(bytes);
  process.stderr.write(`funding-donor-report.xlsx.bin: ${bytes.length} bytes in ${Date.now() - started} ms\n`);
} catch (e) {
  process.stderr.write(`funding-donor-report.xlsx.bin: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  w.close();
}
