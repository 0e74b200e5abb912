// Validates SDL files with graphql-js: buildSchema (the SDL's own rules) and validateSchema (the spec's type system
// rules: interface implementations, union members, input objects, directives, names). `./fraiseql test` runs it on
// the SDL the generator tests write for every snapshot schema (FRAISEQL_SDL_DIR), since no .NET package served here
// validates a schema.
//
//   node sdl-check.mjs <file.graphql> [...]      exit 1 on any error, or when no file is given
import { buildSchema, validateSchema } from 'graphql';
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('sdl-check: no SDL files given (did the generator tests run with FRAISEQL_SDL_DIR set?)');
  process.exit(1);
}
let failures = 0;
for (const file of files) {
  try {
    const schema = buildSchema(readFileSync(file, 'utf8'));
    const errors = validateSchema(schema);
    if (errors.length > 0) {
      failures++;
      console.log(`FAIL ${file}: ${errors.length} schema error(s)`);
      for (const e of errors) console.log(`     ${e.message}`);
    } else {
      console.log(`ok   ${file}: a valid schema, ${Object.keys(schema.getTypeMap()).length} types`);
    }
  } catch (e) {
    failures++;
    console.log(`FAIL ${file}: ${e.message}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
