// Data loader: the "ccpm-response-rates" dataset (see src/lib/datasets.ts) as JSON on stdout.
import { runDatasetLoader } from "../lib/dataset-file.ts";

await runDatasetLoader("ccpm-response-rates");
