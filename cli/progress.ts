// A progress bar for long files, shown only once a file has taken more than two seconds.
import cliProgress from "cli-progress";

export function progressReporter() {
  let bar: cliProgress.SingleBar | null = null;
  let file = "";
  let started = Date.now();
  return {
    update(path: string, rows: number) {
      if (path !== file) {
        bar?.stop();
        bar = null;
        file = path;
        started = Date.now();
      }
      if (!bar && Date.now() - started > 2000 && process.stderr.isTTY) {
        bar = new cliProgress.SingleBar({ format: `${path.split("/").pop()} {value} rows staged`, stream: process.stderr }, cliProgress.Presets.shades_classic);
        bar.start(0, rows);
      }
      bar?.update(rows);
    },
    stop() {
      bar?.stop();
    }
  };
}
