// A live FraiseQL service for the differential checks (validation-diff.mjs, response-diff.mjs): POSTs GraphQL
// requests as one caller, and the caller's schema as graphql-js sees it from introspection, with FraiseQL's custom
// scalars given their literal rules.
import { buildClientSchema, getIntrospectionQuery, isScalarType, Kind, print } from 'graphql';
import { commandLine } from './check-support.mjs';
import { mintDemoToken } from './demo-token.mjs';

/** The service's own limits (not the spec's validation): a request refused with one of these is not compared. */
export const limitCodes = new Set(['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'QUERY_TOO_LARGE', 'TOO_MANY_ALIASES', 'VARIABLES_TOO_LARGE',
  'RATE_LIMITED', 'PAYLOAD_TOO_LARGE']);

/**
 * The command line every differential check takes (<graphql url> [--count N] [--seed N] [--token <role>] [--verbose]),
 * then connect() as that role. Exits 2 with a usage line or when the service cannot be reached.
 */
export async function connectFromCommandLine(script, defaultCount) {
  const { url, count, seed, option, flag } = commandLine(script, defaultCount, ' [--token staff|none|<role>] [--verbose]');
  try {
    const { post, schema } = await connect(url, option('token', 'staff'), script);
    return { url, post, schema, count, seed, verbose: flag('verbose') };
  } catch (e) {
    console.error(`${script}: ${url}: ${e.cause?.message ?? e.message}`);
    process.exit(2);
  }
}

/**
 * Connects to the service at url as the demo user with the given role ('none': anonymous). Returns { post, schema };
 * throws when the service cannot be reached or refuses introspection.
 */
export async function connect(url, role, subject) {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  if (role !== 'none') headers.authorization = `Bearer ${mintDemoToken(subject, [role])}`;
  async function post(body) {
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text), text };
    } catch {
      return { status: res.status, body: { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] }, text };
    }
  }
  const introspection = await post({
    query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
  });
  if (!introspection.body.data) throw new Error(`introspection failed: ${JSON.stringify(introspection.body)}`);
  const schema = buildClientSchema(introspection.body.data);
  withLiteralRules(schema);
  return { post, schema };
}

/**
 * A client schema's custom scalars accept any literal. FraiseQL's scalars have a documented literal form
 * (runtime/FraiseQL.Runtime/Hosting/README.md), so graphql-js gets the same rules; the random documents only ever
 * carry the canonical form or a literal of the wrong kind, so the exact text rules do not decide a verdict.
 */
function withLiteralRules(schema) {
  const textScalars = {
    UUID: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    DateTime: /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/,
    Date: /^\d{4}-\d{2}-\d{2}$/,
    Time: /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/,
  };
  const decimal = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isScalarType(type)) continue;
    const rule = textScalars[type.name];
    if (rule) {
      type.parseLiteral = (node) => {
        if (node.kind !== Kind.STRING || !rule.test(node.value)) throw new TypeError(`${type.name} cannot represent ${print(node)}`);
        return node.value;
      };
      type.parseValue = (value) => {
        if (typeof value !== 'string' || !rule.test(value)) throw new TypeError(`${type.name} cannot represent ${JSON.stringify(value)}`);
        return value;
      };
    } else if (type.name === 'Decimal') {
      type.parseLiteral = (node) => {
        const text = node.kind === Kind.INT || node.kind === Kind.FLOAT || node.kind === Kind.STRING ? node.value : undefined;
        if (text === undefined || !decimal.test(text.trim())) throw new TypeError(`Decimal cannot represent ${print(node)}`);
        return text;
      };
      type.parseValue = (value) => {
        if (!(typeof value === 'number' && Number.isFinite(value)) && !(typeof value === 'string' && decimal.test(value.trim()))) {
          throw new TypeError(`Decimal cannot represent ${JSON.stringify(value)}`);
        }
        return value;
      };
    }
  }
}
