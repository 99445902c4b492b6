// Writes schemas/codex-config.schema.json from the lint rule data (`node out/scripts/genSchema.js`).
// A unit test fails when the committed file and the generator disagree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildJsonSchema } from '../src/core/rules/jsonSchema';

const out = path.join(__dirname, '../../schemas/codex-config.schema.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(buildJsonSchema(), null, 2) + '\n');
console.log(`wrote ${out}`);
