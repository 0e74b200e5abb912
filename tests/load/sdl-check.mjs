// Validates SDL files with graphql-js: buildSchema (the SDL's own rules) and validateSchema (the spec's type system
// rules: interface implementations, union members, input objects, directives, names). `./fraiseql test` runs it on
// the SDL the generator tests write for every snapshot schema (FRAISEQL_SDL_DIR), since no .NET package served here
// validates a schema.
//
//   node sdl-check.mjs <file.graphql> [...]      exit 1 on any error, or when no file is given
import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { reportValidity } from './schema-validity.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('sdl-check: no SDL files given (did the generator tests run with FRAISEQL_SDL_DIR set?)');
  process.exit(1);
}
let failures = 0;
for (const file of files) {
  if (!(await reportValidity(file, () => buildSchema(readFileSync(file, 'utf8'))))) failures++;
}
process.exit(failures === 0 ? 0 : 1);
