// `npm run bench:report -w @necrostack/benchmarks`: redraws docs/benchmarks.md and its charts from
// the latest complete results file, without running anything.
import { RESULTS_DIR } from '../paths';
import { latestComplete } from './results-file';
import { writeReport } from './write-report';

const latest = latestComplete(RESULTS_DIR);
if (!latest) {
  console.error(`No complete results in ${RESULTS_DIR}: run \`npm run bench\` first.`);
  process.exit(1);
}
for (const file of writeReport(latest.results, latest.path)) console.log(`wrote ${file}`);
