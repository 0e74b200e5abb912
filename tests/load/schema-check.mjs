// Checks that each service's introspected schema is a valid GraphQL schema, the way GraphiQL and code generators see
// it: the full introspection query (descriptions, specifiedByURL, repeatable directives, deprecated arguments and
// input fields, the schema description), then graphql-js's buildClientSchema and validateSchema (the spec's type
// system rules: interface implementations, union members, input objects, directive definitions, names).
//
// Each service is checked twice: as an anonymous caller and as the demo's staff user (a bearer token from
// demo-token.mjs), since introspection answers per caller (role-gated operations and the types only they use are left
// out for callers without the role). A service without [auth] ignores the token.
//
//   node schema-check.mjs <graphql url> [<graphql url> ...]      exit 1 on any error
import { buildClientSchema, getIntrospectionQuery, validateSchema } from 'graphql';
import { mintDemoToken } from './demo-token.mjs';

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error('usage: node schema-check.mjs <graphql url> [<graphql url> ...]');
  process.exit(2);
}

const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});

const callers = [['anonymous', undefined], ['staff', mintDemoToken('schema-check', ['staff'])]];
let failures = 0;
for (const url of urls) {
  for (const [caller, token] of callers) {
    const label = `${url} (${caller})`;
    try {
      const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
      const body = await res.json();
      if (res.status !== 200 || body.errors) {
        throw new Error(`introspection answered ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
      }
      const schema = buildClientSchema(body.data);
      const errors = validateSchema(schema);
      const types = Object.keys(schema.getTypeMap()).length;
      if (errors.length > 0) {
        failures++;
        console.log(`FAIL ${label}: ${errors.length} schema error(s) in ${types} types`);
        for (const e of errors) console.log(`     ${e.message}`);
      } else {
        console.log(`ok   ${label}: a valid schema, ${types} types`);
      }
    } catch (e) {
      failures++;
      console.log(`FAIL ${label}: ${e.message}`);
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
