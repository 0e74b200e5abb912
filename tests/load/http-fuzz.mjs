// Malformed GraphQL-over-HTTP requests against a live service: valid requests (queries, variables, operation names,
// batches, GET query strings) mutated at random, byte by byte and structurally (truncated, bytes inserted, deleted or
// flipped, invalid UTF-8, deep nesting, wrong JSON types for query/variables/operationName/extensions, huge numbers,
// duplicate keys, wrong content types). Every answer must be a well-formed GraphQL response: not a 5xx, JSON with
// "errors" (or "data"), no .NET stack trace, within the time limit; or, for a GET without a query from a client that
// takes HTML, the GraphiQL page; or Kestrel's own empty 414/431 for a request line or headers over its limits. Seeded,
// so a failure reproduces.
//
//   node http-fuzz.mjs <graphql url> [--count 2000] [--seed 1]      exit 1 on any bad answer, 2 when unreachable
import { commandLine, seededRandom } from './check-support.mjs';

const { url, count, seed } = commandLine('http-fuzz', 2000);
const { random, pick, between } = seededRandom(seed);

const seeds = [
  { query: '{ __typename }' },
  { query: 'query Q($id: ID!) { order(id: $id) { id status items { sku qty } } }', variables: { id: '00000000-0000-0000-0000-000000000001' }, operationName: 'Q' },
  { query: 'query($w: OrderWhereInput, $n: Int) { orders(where: $w, limit: $n) { id total } }', variables: { w: { status: { in: ['pending'] } }, n: 3 } },
  { query: 'query A { __typename } query B { orders(limit: 1) { id } }', operationName: 'B' },
  { query: 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }', variables: { input: { userId: 'x', itemIds: [] } } },
  { query: '{ __schema { types { name fields { name } } } }' },
  { query: 'subscription { orderStatusChanged { id } }' },
];
const junk = ['\u0000', '\uffff', '"', '\\', '{', '}', '[', ']', ',', ':', 'null', 'true', '1e999', '-0', '\ud800', '😀', '\n', ' ', 'é'];
const wrongValues = [null, 0, -1, 1.5, 1e308, true, 'x', [], {}, [1, 2], { a: 1 }, '{ __typename }', 'x'.repeat(5000)];

function structural(seed) {
  const body = structuredClone(seed);
  switch (between(0, 9)) {
    case 0: body.query = pick(wrongValues); break;
    case 1: body.variables = pick(wrongValues); break;
    case 2: body.operationName = pick(wrongValues); break;
    case 3: body.extensions = pick(wrongValues); break;
    case 4: { // deep nesting in variables
      let v = 1;
      for (let i = 0; i < between(50, 3000); i++) v = random() < 0.5 ? [v] : { a: v };
      body.variables = { w: v, id: v, n: v };
      break;
    }
    case 5: { // a deep document
      const depth = between(20, 2000);
      body.query = '{ ' + 'orders { items { '.repeat(depth) + 'sku' + ' } }'.repeat(depth) + ' }';
      break;
    }
    case 6: body.query = (body.query ?? '').split('').map((c) => (random() < 0.05 ? pick(junk) : c)).join(''); break;
    case 7: return [body, structuredClone(pick(seeds)), pick(wrongValues)]; // a batch with junk in it
    case 8: body.variables = Object.fromEntries(Object.entries(body.variables ?? { x: 1 }).map(([k]) => [k, pick(wrongValues)])); break;
    default: delete body.query; break;
  }
  return body;
}

function bytewise(text) {
  const bytes = Buffer.from(text, 'utf8');
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    const r = random();
    if (r < 0.01) continue; // delete
    if (r < 0.02) out.push(between(0, 255)); // insert
    out.push(r < 0.03 ? bytes[i] ^ (1 << between(0, 7)) : bytes[i]); // flip a bit
  }
  if (random() < 0.2) out.length = Math.floor(out.length * random()); // truncate
  return Buffer.from(out);
}

const contentTypes = ['application/json', 'application/json; charset=utf-8', 'application/graphql-response+json', 'text/plain', 'application/x-www-form-urlencoded', '', 'application/json; charset=latin1', 'multipart/form-data; boundary=x'];
const accepts = ['application/graphql-response+json', 'application/json', '*/*', 'text/html', 'text/event-stream', '', 'application/xml'];

async function send(i) {
  const seed = pick(seeds);
  const headers = {};
  let method = 'POST';
  let target = url;
  let body;
  const kind = between(0, 9);
  if (kind <= 3) body = JSON.stringify(structural(seed));
  else if (kind <= 6) body = bytewise(JSON.stringify(random() < 0.3 ? [seed, seed] : seed));
  else if (kind <= 8) {
    method = 'GET';
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(structural(seed))) params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    target = `${url}?${params.toString().split('').map((c) => (random() < 0.02 ? pick(['%', '%zz', '&', '=', '%00', '+']) : c)).join('')}`;
  } else {
    body = JSON.stringify(seed);
    headers['content-type'] = pick(contentTypes);
  }
  if (method === 'POST' && headers['content-type'] === undefined) headers['content-type'] = random() < 0.9 ? 'application/json' : pick(contentTypes);
  if (headers['content-type'] === '') delete headers['content-type'];
  const accept = random() < 0.7 ? 'application/graphql-response+json' : pick(accepts);
  if (accept) headers.accept = accept;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15000);
  try {
    const res = await fetch(target, { method, headers, body: method === 'POST' ? body : undefined, signal: controller.signal });
    const type = res.headers.get('content-type') ?? '';
    if (res.status === 200 && type.startsWith('text/event-stream')) {
      // an accepted event stream (a subscription streams until the client leaves): its first event is enough
      const reader = res.body.getReader();
      const first = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r({ value: null }), 1000))]);
      controller.abort();
      const start = first.value ? Buffer.from(first.value).toString('utf8') : '';
      return start === '' || start.startsWith('event: ') || start.startsWith(':') ? null
        : { i, method, status: res.status, problems: ['an event stream that does not start with an event'], request: (body ?? target).toString().slice(0, 300), response: start.slice(0, 300) };
    }
    const text = await res.text();
    const problems = [];
    // refused by Kestrel itself before the request reaches the service (request line or headers over its limits)
    if ((res.status === 414 || res.status === 431) && text.length === 0) return null;
    // a GET without a query parameter, from a client that takes HTML: the GraphiQL page (Development)
    if (method === 'GET' && type.startsWith('text/html') && !new URL(target).searchParams.has('query')) return null;
    if (res.status >= 500) problems.push(`status ${res.status}`);
    if (/\s+at [A-Za-z0-9_.<>`]+\(/.test(text) || text.includes('   at ')) problems.push('a stack trace in the body');
    if (type.startsWith('text/event-stream')) {
      if (!text.includes('event: ')) problems.push('an event stream without events');
    } else if (res.status !== 405 || text.length > 0) {
      try {
        const json = JSON.parse(text);
        const items = Array.isArray(json) ? json : [json];
        if (!items.every((r) => r && (Array.isArray(r.errors) || 'data' in r))) problems.push('JSON without errors or data');
      } catch {
        problems.push(`a body that is not JSON (${type})`);
      }
    }
    return problems.length === 0 ? null : { i, method, status: res.status, problems, request: (body ?? target).toString().slice(0, 300), response: text.slice(0, 300) };
  } catch (e) {
    return { i, method, problems: [controller.signal.aborted ? 'no answer within 15 s' : `connection error: ${e.cause?.code ?? e.message}`], request: (body ?? target).toString().slice(0, 300) };
  } finally {
    clearTimeout(timer);
  }
}

try {
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
} catch (e) {
  console.error(`http-fuzz: ${url} unreachable (${e.cause?.code ?? e.message})`);
  process.exit(2);
}
const bad = [];
for (let i = 0; i < count; i++) {
  const result = await send(i);
  if (result) bad.push(result);
}
for (const b of bad.slice(0, 10)) console.log(`BAD #${b.i} ${b.method} ${b.status ?? ''}: ${b.problems.join(', ')}\n    request:  ${JSON.stringify(b.request)}\n    response: ${JSON.stringify(b.response ?? '')}`);
console.log(`http-fuzz ${url}: ${count} malformed requests, ${bad.length} answered badly`);
process.exit(bad.length > 0 ? 1 : 0);
