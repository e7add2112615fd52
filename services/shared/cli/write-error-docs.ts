// Regenerates docs/errors.md from the catalogue: `npx tsx services/shared/cli/write-error-docs.ts`.
import { writeFileSync } from 'node:fs';
import { ERROR_CATALOGUE } from '../errors.js';

const header = `# Error codes

Every error a Vigil service raises carries one of these codes (\`services/shared/errors.ts\`). The API answers with the HTTP status shown and a body \`{ "error": { "code", "message" } }\`; the stream sends events that fail with an \`EVENT_*\` code to the dead-letter topic with the code and message in its headers. A test keeps this table and the catalogue equal; regenerate it with \`npx tsx services/shared/cli/write-error-docs.ts\`.

| code | HTTP status | meaning |
|---|---|---|
`;
const rows = Object.entries(ERROR_CATALOGUE).map(([code, entry]) => `| \`${code}\` | ${entry.httpStatus} | ${entry.message} |`);
writeFileSync(new URL('../../../docs/errors.md', import.meta.url), `${header}${rows.join('\n')}\n`);
console.log(`docs/errors.md: ${rows.length} codes`);
