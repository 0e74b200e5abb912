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
import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { mintDemoToken } from './demo-token.mjs';
import { reportValidity } from './schema-validity.mjs';

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
    const valid = await reportValidity(`${url} (${caller})`, async () => {
      const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
      const body = await res.json();
      if (res.status !== 200 || body.errors) {
        throw new Error(`introspection answered ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
      }
      return buildClientSchema(body.data);
    });
    if (!valid) failures++;
  }
}
process.exit(failures === 0 ? 0 : 1);
