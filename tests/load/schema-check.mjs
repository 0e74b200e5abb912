// Checks that each service's introspected schema is a valid GraphQL schema, the way GraphiQL and code generators see
// it: the full introspection query (descriptions, specifiedByURL, repeatable directives, deprecated arguments and
// input fields, the schema description), then graphql-js's buildClientSchema and validateSchema (the spec's type
// system rules: interface implementations, union members, input objects, directive definitions, names).
//
// The schema each caller gets as SDL (GET <url>?sdl) must be valid too and print the same as its introspection
// (graphql-js's printSchema of both).
//
// Each service is checked twice: as an anonymous caller and as the demo's staff user (a bearer token from
// demo-token.mjs), since introspection answers per caller (role-gated operations and the types only they use are left
// out for callers without the role). A service without [auth] ignores the token.
//
//   node schema-check.mjs <graphql url> [<graphql url> ...]      exit 1 on any error
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } from 'graphql';
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
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let introspected;
    const valid = await reportValidity(`${url} (${caller})`, async () => {
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
      const body = await res.json();
      if (res.status !== 200 || body.errors) {
        throw new Error(`introspection answered ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
      }
      introspected = buildClientSchema(body.data);
      return introspected;
    });
    if (!valid) failures++;
    const sdlValid = await reportValidity(`${url}?sdl (${caller})`, async () => {
      const res = await fetch(`${url}?sdl`, { headers: token ? { authorization: headers.authorization } : {} });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`?sdl answered ${res.status}: ${text}`);
      const schema = buildSchema(text);
      if (introspected) {
        const expected = printSchema(introspected).split('\n');
        const actual = printSchema(schema).split('\n');
        const line = expected.findIndex((l, i) => l !== actual[i]);
        if (line >= 0 || expected.length !== actual.length) {
          const at = line >= 0 ? line : Math.min(expected.length, actual.length);
          throw new Error(`?sdl differs from introspection at line ${at + 1}: introspection "${expected[at]}", sdl "${actual[at]}"`);
        }
      }
      return schema;
    });
    if (!sdlValid) failures++;
  }
}
process.exit(failures === 0 ? 0 : 1);
