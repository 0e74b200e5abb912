// The order service with graphql-sse's own client (createClient in its distinct connections mode, one HTTP request
// per operation with Accept: text/event-stream), instead of reading the stream by hand: a query, a subscription
// filtered by its argument that receives the events of mutations made over HTTP, a validation error, and a bearer
// token sent as a header (the staff-only mutation works with it and does not exist without it).
//
//   node sse-client-check.mjs <order service graphql url>      exit 1 on any failure
import { createClient } from 'graphql-sse';
import { report, runToEnd } from './check-support.mjs';
import { mintDemoToken } from './demo-token.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node sse-client-check.mjs <order service graphql url>');
  process.exit(2);
}
const staff = mintDemoToken('sse-client-check', ['staff']);
const { ok, fail, finish } = report();

const client = (token) => createClient({ url, singleConnection: false, retryAttempts: 0, headers: token ? { Authorization: `Bearer ${token}` } : {} });

const run = runToEnd;

async function http(query, variables) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ query, variables }) });
  return res.json();
}

const asStaff = client(staff);
const anonymous = client(undefined);
try {
  const typename = await run(asStaff, { query: '{ __typename }' });
  if (typename.results[0]?.data?.__typename === 'Query' && !typename.error) ok('query over graphql-sse: {"__typename":"Query"}');
  else fail(`query over graphql-sse: ${JSON.stringify(typename)}`);

  const created = (await http('mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }',
    { input: { userId: '7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60', itemIds: ['SKU-0001'] } })).data?.createOrder;
  if (created?.id) {
    const received = [];
    const others = [];
    let sinkError;
    const stop = asStaff.subscribe(
      { query: 'subscription($id: ID) { orderStatusChanged(orderId: $id) { id status } }', variables: { id: created.id } },
      { next: (v) => received.push(v), error: (e) => { sinkError = e; }, complete: () => {} },
    );
    const stopOther = asStaff.subscribe(
      { query: 'subscription($id: ID) { orderStatusChanged(orderId: $id) { id status } }', variables: { id: '00000000-0000-0000-0000-000000000000' } },
      { next: (v) => others.push(v), error: () => {}, complete: () => {} },
    );
    await new Promise((r) => setTimeout(r, 700)); // the streams are open and the server attached to NATS
    await http('mutation($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { id } }', { id: created.id });
    await http('mutation($id: ID!) { shipOrder(id: $id) { id } }', { id: created.id });
    const deadline = Date.now() + 15000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const statuses = received.map((v) => v.data?.orderStatusChanged?.status);
    if (statuses.length >= 2 && received.every((v) => v.data?.orderStatusChanged?.id === created.id) && !sinkError) ok(`subscription over graphql-sse: ${JSON.stringify(statuses)}`);
    else fail(`subscription over graphql-sse: ${JSON.stringify({ received, sinkError: String(sinkError ?? '') })}`);
    if (others.length === 0) ok('a subscription for another order received nothing');
    else fail(`a subscription for another order received ${JSON.stringify(others)}`);
    stop();
    stopOther();
  } else {
    fail('could not create an order over HTTP to subscribe to');
  }

  const invalid = await run(asStaff, { query: 'subscription { orderStatusChanged(orderId: 1) { notAField } }' });
  const text = JSON.stringify(invalid.error ?? invalid.results);
  if (text.includes('notAField')) ok('validation error over graphql-sse names the field');
  else fail(`validation error over graphql-sse: ${text}`);

  const mutation = { query: 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { status } }', variables: { input: { userId: '7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60', itemIds: ['SKU-0001'] } } };
  const withToken = await run(asStaff, mutation);
  if (withToken.results[0]?.data?.createOrder?.status === 'pending') ok('staff mutation over graphql-sse with the bearer header');
  else fail(`staff mutation over graphql-sse: ${JSON.stringify({ results: withToken.results, error: String(withToken.error ?? '') })}`);
  const without = await run(anonymous, mutation);
  if (JSON.stringify(without.error ?? without.results).includes('createOrder') && !without.results[0]?.data?.createOrder) ok('anonymous mutation over graphql-sse refused');
  else fail(`anonymous mutation over graphql-sse: ${JSON.stringify(without.results)}`);
} finally {
  asStaff.dispose();
  anonymous.dispose();
}

finish('graphql-sse client check');
