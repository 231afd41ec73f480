// Data loader: the "funding-localisation" dataset (see src/lib/datasets.ts) as JSON on stdout.
import { runDatasetLoader } from "../lib/dataset-file.ts";

await runDatasetLoader("funding-localisation");
