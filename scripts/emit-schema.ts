/** npm run schema:emit — writes schema/schema.graphql from the code. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.js';
import { renderSchemaFile, SCHEMA_FILE } from '../src/graphql/schema-file.js';
import { buildQuanziSchema } from '../src/graphql/schema.js';

writeFileSync(path.join(projectRoot, SCHEMA_FILE), renderSchemaFile(await buildQuanziSchema()));
console.log(`Wrote ${SCHEMA_FILE}`);
