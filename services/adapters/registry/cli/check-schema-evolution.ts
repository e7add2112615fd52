// Usage: npx tsx services/adapters/registry/cli/check-schema-evolution.ts previous.avsc next.avsc
// Prints the broken evolution rules as JSON and exits 1 when there are any (for CI and reviews).
// Compare a committed schema with its previous version, e.g.:
//   git show HEAD~1:schemas/prediction-event.avsc > /tmp/prev.avsc && npx tsx … /tmp/prev.avsc schemas/prediction-event.avsc
import { readFileSync } from 'node:fs';
import { checkSchemaEvolution } from '../schema-evolution.js';

const [previousFile, nextFile] = process.argv.slice(2);
if (previousFile === undefined || nextFile === undefined) {
  console.error('usage: check-schema-evolution.ts <previous.avsc> <next.avsc>');
  process.exit(2);
}
const read = (file: string): object => JSON.parse(readFileSync(file, 'utf8')) as object;
const problems = checkSchemaEvolution(read(previousFile), read(nextFile));
console.log(JSON.stringify({ previous: previousFile, next: nextFile, compatible: problems.length === 0, problems }, null, 2));
process.exit(problems.length === 0 ? 0 : 1);
