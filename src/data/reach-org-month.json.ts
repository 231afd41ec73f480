// Data loader: the "reach-org-month" dataset (see src/lib/datasets.ts) as JSON on stdout.
import { runDatasetLoader } from "../lib/dataset-file.ts";

await runDatasetLoader("reach-org-month");
