// Data loader: the "pau-incidents-month" dataset (see src/lib/datasets.ts) as JSON on stdout.
import { runDatasetLoader } from "../lib/dataset-file.ts";

await runDatasetLoader("pau-incidents-month");
