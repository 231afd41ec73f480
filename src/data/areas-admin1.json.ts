// Data loader: admin1 boundaries as a web-ready GeoJSON FeatureCollection on stdout.
import { readAreas } from "../lib/areas.ts";
import { runLoader } from "../lib/dataset-file.ts";

await runLoader("areas-admin1", (w) => readAreas(w, 1));
