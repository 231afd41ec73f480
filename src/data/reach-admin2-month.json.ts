// Data loader: the "reach-admin2-month" dataset (see src/lib/datasets.ts) as JSON on stdout.
import { runDatasetLoader } from "../lib/dataset-file.ts";

await runDatasetLoader("reach-admin2-month");
