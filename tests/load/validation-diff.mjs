// Differential test of GraphQL validation: random documents over a live service's introspected schema
// (random-documents.mjs), each one validated by graphql-js (the reference implementation: `validate` with the spec's
// rules) and sent to the service. The two must agree on whether the document is valid; a disagreement is printed with
// the document, graphql-js's errors and the service's, and fails the run. Three documents in four get one or two
// injected faults, each breaking one rule of the spec's §5. The service executes the valid ones (mutations too): run
// this against a throwaway database (the demo's).
//
//   node validation-diff.mjs <graphql url> [--count 1500] [--seed 1] [--token staff|none|<role>] [--verbose]
//   exit 1 on any disagreement, 2 when the service is unreachable
import { parse, validate } from 'graphql';
import { connectFromCommandLine, limitCodes } from './live-service.mjs';
import { randomDocuments } from './random-documents.mjs';
import { conditionalAtSubscriptionTopLevel } from './subscription-top-level.mjs';

const { url, post, schema, count, seed, verbose } = await connectFromCommandLine('validation-diff', 1500);
const documents = randomDocuments(schema, seed);

// ------------------------------------------------------------------ the run
function serviceVerdict(response) {
  const errors = response.body.errors ?? [];
  const codes = new Set(errors.map((e) => e.extensions?.code));
  if (codes.has('GRAPHQL_VALIDATION_FAILED')) return 'invalid';
  if (codes.has('GRAPHQL_PARSE_FAILED')) return 'parse error';
  // the service's own limits (depth, cost, size) are not the spec's validation: such a document is not compared
  if ([...codes].some((code) => limitCodes.has(code))) return 'limit';
  if (response.status >= 500) return `server error ${response.status}`;
  return 'valid';
}

let compared = 0, invalid = 0, skipped = 0, disagreements = 0;
const faultCounts = new Map();
for (let i = 0; i < count; i++) {
  const { text, operationName, faults } = documents.next({ faults: documents.chance(0.25) ? 0 : documents.between(1, 2) });
  let ast;
  try {
    ast = parse(text);
  } catch (e) {
    console.log(`generator bug: document ${i} does not parse (${e.message}):\n${text}`);
    process.exit(1);
  }
  let reference;
  try {
    reference = validate(schema, ast);
  } catch (e) {
    // graphql-js 16 throws from its single-root-field subscription rule on a directive without its required argument
    skipped++;
    if (verbose) console.log(`skip #${i}: graphql-js threw (${e.message})`);
    continue;
  }
  const response = await post(operationName ? { query: text, operationName } : { query: text });
  const verdict = serviceVerdict(response);
  if (verdict === 'limit') {
    skipped++;
    continue;
  }
  compared++;
  const expected = reference.length > 0 || conditionalAtSubscriptionTopLevel(ast) ? 'invalid' : 'valid';
  if (expected === 'invalid') invalid++;
  for (const f of faults) faultCounts.set(f, (faultCounts.get(f) ?? 0) + 1);
  if (verdict !== expected) {
    disagreements++;
    console.log(`DISAGREE #${i}: graphql-js says ${expected}, the service says ${verdict} (faults: ${faults.join(', ') || 'none'})`);
    console.log(text.split('\n').map((l) => `    ${l}`).join('\n'));
    for (const e of reference) console.log(`  graphql-js: ${e.message}`);
    for (const e of response.body.errors ?? []) console.log(`  service:    ${e.message} [${e.extensions?.code}]`);
  } else if (verbose) {
    console.log(`ok #${i} ${expected}: ${faults.join(', ') || 'no fault'}`);
  }
}
const faultSummary = [...faultCounts.entries()].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ');
console.log(`validation-diff ${url}: ${compared} documents compared (${invalid} invalid by graphql-js), ${skipped} skipped (over the service's limits, or graphql-js threw), ${disagreements} disagreement(s); seed ${seed}`);
console.log(`  faults injected: ${faultSummary}`);
process.exit(disagreements > 0 ? 1 : 0);
