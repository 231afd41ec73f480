// Data loader: admin2 boundaries as a web-ready GeoJSON FeatureCollection on stdout.
import { readAreas } from "../lib/areas.ts";
import { runLoader } from "../lib/dataset-file.ts";

await runLoader("areas-admin2", (w) => readAreas(w, 2));
