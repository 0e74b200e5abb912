// Differential test of GraphQL execution results: random valid queries over a live service's introspected schema
// (random-documents.mjs), answered by the service, then replayed through graphql-js's `execute` with a field resolver
// that reads each field from the service's own answer by its response key. graphql-js then builds the response the
// spec prescribes for that data: every selected field present, in selection order (fragments, inline fragments,
// aliases, merged fields, @skip/@include applied), __typename the concrete object type, leaves serialized by their
// type (ID as a string, Int in range, a known enum value), null only where the type allows it. The service's `data`
// must equal that exactly, text for text; a difference is printed with the document and the first differing path.
// Answers with errors are counted and not compared.
//
//   node response-diff.mjs <graphql url> [--count 600] [--seed 1] [--token staff|none|<role>] [--verbose]
//   exit 1 on any difference, 2 when the service is unreachable
import { execute, parse, validate } from 'graphql';
import { connectFromCommandLine } from './live-service.mjs';
import { randomDocuments } from './random-documents.mjs';

const { url, post, schema, count, seed, verbose } = await connectFromCommandLine('response-diff', 600);
const documents = randomDocuments(schema, seed);

/** The first path where a and b differ (key order included), or undefined. */
function firstDifference(a, b, path = '') {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return path || '(root)';
  if (Array.isArray(a) !== Array.isArray(b)) return path || '(root)';
  const ka = Object.keys(a), kb = Object.keys(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    if (ka[i] !== kb[i]) return `${path}: keys ${JSON.stringify(ka)} against ${JSON.stringify(kb)}`;
    const d = firstDifference(a[ka[i]], b[kb[i]], `${path}/${ka[i]}`);
    if (d) return d;
  }
  return undefined;
}

let compared = 0, notValid = 0, withErrors = 0, nonEmpty = 0, differences = 0;
const errorCodes = new Map();
for (let i = 0; i < count; i++) {
  const { text, operationName } = documents.next({ faults: 0, kinds: ['query'], variables: false, typenameOnAbstract: true, argumentChance: 0.1 });
  const document = parse(text);
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    // without injected faults a document can still break a rule by chance (two unaliased fields of one name with
    // different arguments): validation-diff.mjs compares those
    notValid++;
    continue;
  }
  const response = await post(operationName ? { query: text, operationName } : { query: text });
  if (response.body.errors?.length > 0 || response.status !== 200) {
    withErrors++;
    for (const e of response.body.errors ?? [{}]) {
      const code = e.extensions?.code ?? `HTTP ${response.status}`;
      errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
    }
    if (verbose) console.log(`errors #${i}: ${JSON.stringify(response.body.errors)}\n    ${text}`);
    continue;
  }
  compared++;
  const actual = response.body.data;
  if (/\[\{|:\{"/.test(JSON.stringify(actual))) nonEmpty++;
  const replay = await execute({
    schema,
    document,
    operationName,
    rootValue: actual,
    fieldResolver: (source, _args, _context, info) => source?.[info.path.key],
    typeResolver: (value) => value?.__typename,
  });
  const difference = replay.errors?.length > 0 ? `graphql-js: ${replay.errors.map((e) => `${e.message} at ${e.path?.join('/')}`).join('; ')}` : firstDifference(actual, replay.data);
  if (difference) {
    differences++;
    console.log(`DIFFER #${i}: ${difference}`);
    console.log(`    ${text.split('\n').join('\n    ')}`);
    console.log(`  service:    ${response.text.slice(0, 2000)}`);
    console.log(`  graphql-js: ${JSON.stringify({ data: replay.data }).slice(0, 2000)}`);
  } else if (verbose) {
    console.log(`ok #${i}: ${JSON.stringify(actual).slice(0, 160)}`);
  }
}
const codes = [...errorCodes.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
console.log(`response-diff ${url}: ${compared} answers compared (${nonEmpty} with objects in them), ${differences} difference(s); ${withErrors} answered with errors (${codes || 'none'}), ${notValid} invalid by chance, not sent; seed ${seed}`);
process.exit(differences > 0 ? 1 : 0);
