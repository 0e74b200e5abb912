// Differential test of variable coercion (the GraphQL spec's CoerceVariableValues, §6.1.2): random valid operations
// with variables over a live service's introspected schema (random-documents.mjs), sent with random JSON variable
// values, most of them with one or two injected faults (null for a non-null type, a value of the wrong kind, an
// unknown enum value, an Int out of range or with a fraction, a missing required or an unknown input field, a required
// variable left out). graphql-js's getVariableValues is the reference: the service must refuse the request (a request
// error: BAD_USER_INPUT and no "data") exactly when graphql-js refuses the values. A disagreement is printed with the
// document, the variables and both errors, and fails the run. The service executes what it accepts (mutations too):
// run this against a throwaway database (the demo's).
//
//   node coercion-diff.mjs <graphql url> [--count 1500] [--seed 1] [--token staff|none|<role>] [--verbose]
//   exit 1 on any disagreement, 2 when the service is unreachable
import { getOperationAST, parse, typeFromAST, validate } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { connectFromCommandLine, limitCodes } from './live-service.mjs';
import { randomDocuments } from './random-documents.mjs';
import { conditionalAtSubscriptionTopLevel } from './subscription-top-level.mjs';

const { url, post, schema, count, seed, verbose } = await connectFromCommandLine('coercion-diff', 1500);
const documents = randomDocuments(schema, seed);

let compared = 0, refused = 0, withoutVariables = 0, skipped = 0, disagreements = 0;
const faultCounts = new Map();
for (let i = 0; i < count; i++) {
  const { text, operationName } = documents.next({ faults: 0, argumentChance: 0.5, variableChance: 0.7 });
  const document = parse(text);
  let valid;
  try {
    valid = validate(schema, document).length === 0 && !conditionalAtSubscriptionTopLevel(document);
  } catch {
    valid = false; // graphql-js 16's single-root-field subscription rule throws on a variable in @skip/@include
  }
  if (!valid) {
    skipped++; // invalid by chance: validation-diff.mjs compares those
    continue;
  }
  const operation = getOperationAST(document, operationName);
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.length === 0) {
    withoutVariables++;
    continue;
  }
  const variables = definitions.map((d) => ({ name: d.variable.name.value, type: typeFromAST(schema, d.type), hasDefault: d.defaultValue !== undefined }));
  const { values, faults } = documents.values(variables, documents.chance(0.25) ? 0 : documents.between(1, 2));
  const reference = getVariableValues(schema, definitions, values);
  const expected = reference.errors ? 'refused' : 'accepted';
  const response = await post({ query: text, operationName, variables: values });
  const errors = response.body.errors ?? [];
  // the service's own limits, and a page size out of [validation] max_page_size's range (a value graphql-js accepts)
  if (errors.some((e) => limitCodes.has(e.extensions?.code) || e.message.includes('max_page_size'))) {
    skipped++;
    continue;
  }
  const requestError = !('data' in response.body) && errors.some((e) => e.extensions?.code === 'BAD_USER_INPUT');
  const actual = requestError ? 'refused' : response.status >= 500 ? `server error ${response.status}` : 'accepted';
  compared++;
  if (expected === 'refused') refused++;
  for (const f of faults) faultCounts.set(f, (faultCounts.get(f) ?? 0) + 1);
  if (actual !== expected) {
    disagreements++;
    console.log(`DISAGREE #${i}: graphql-js ${expected} the variables, the service ${actual} them (faults: ${faults.join(', ') || 'none'})`);
    console.log(`    ${text.split('\n').join('\n    ')}`);
    console.log(`  variables:  ${JSON.stringify(values)}`);
    for (const e of reference.errors ?? []) console.log(`  graphql-js: ${e.message}`);
    for (const e of errors) console.log(`  service:    ${e.message} [${e.extensions?.code}]`);
  } else if (verbose) {
    console.log(`ok #${i} ${expected}: ${faults.join(', ') || 'no fault'}`);
  }
}
const faultSummary = [...faultCounts.entries()].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ');
console.log(`coercion-diff ${url}: ${compared} requests compared (${refused} refused by graphql-js), ${disagreements} disagreement(s); ${withoutVariables} operations without variables and ${skipped} invalid or over the limits not compared; seed ${seed}`);
console.log(`  faults injected: ${faultSummary}`);
process.exit(disagreements > 0 ? 1 : 0);
