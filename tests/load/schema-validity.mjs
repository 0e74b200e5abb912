// One line per checked schema for schema-check.mjs (introspected) and sdl-check.mjs (SDL files): builds the schema,
// runs graphql-js's validateSchema (the spec's type system rules) and prints "ok" or "FAIL" with every error.
import { validateSchema } from 'graphql';

/** Builds a schema with build() and reports its validity under label; true when it is valid. */
export async function reportValidity(label, build) {
  try {
    const schema = await build();
    const errors = validateSchema(schema);
    const types = Object.keys(schema.getTypeMap()).length;
    if (errors.length > 0) {
      console.log(`FAIL ${label}: ${errors.length} schema error(s) in ${types} types`);
      for (const e of errors) console.log(`     ${e.message}`);
      return false;
    }
    console.log(`ok   ${label}: a valid schema, ${types} types`);
    return true;
  } catch (e) {
    console.log(`FAIL ${label}: ${e.message}`);
    return false;
  }
}
