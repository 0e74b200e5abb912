// The order service with graphql-ws's own client (createClient, the one GraphiQL, Apollo Client and urql use for
// graphql-transport-ws), instead of a hand-written socket: a query and a mutation over the socket, a subscription
// filtered by its argument that receives the events of a mutation made over HTTP and nothing for another order, a
// validation error delivered to the subscription's error sink, an anonymous connection that cannot run a staff
// mutation, and a connection refused for a bad token.
//
//   node ws-client-check.mjs <order service graphql url>      exit 1 on any failure
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { report, runToEnd } from './check-support.mjs';
import { mintDemoToken } from './demo-token.mjs';

const httpUrl = process.argv[2];
if (!httpUrl) {
  console.error('usage: node ws-client-check.mjs <order service graphql url>');
  process.exit(2);
}
const wsUrl = httpUrl.replace(/^http/, 'ws');
const staff = mintDemoToken('ws-client-check', ['staff']);
const { ok, fail, finish } = report();

function client(token, extra = {}) {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    ...extra,
  });
}

const run = runToEnd;

async function http(query, variables) {
  const res = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

const asStaff = client(staff);
try {
  // a query and a mutation over the socket
  const typename = await run(asStaff, { query: '{ __typename }' });
  if (typename.results[0]?.data?.__typename === 'Query' && !typename.error) ok('query over graphql-ws: {"__typename":"Query"}');
  else fail(`query over graphql-ws: ${JSON.stringify(typename)}`);
  const created = await run(asStaff, {
    query: 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id status } }',
    variables: { input: { userId: '7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60', itemIds: ['SKU-0001'] } },
  });
  const order = created.results[0]?.data?.createOrder;
  if (order?.id) ok(`mutation over graphql-ws: order ${order.id} (${order.status})`);
  else fail(`mutation over graphql-ws: ${JSON.stringify(created)}`);

  // a subscription for this order and one for another: only the first receives the status changes
  if (order?.id) {
    const received = [];
    const others = [];
    let sinkError;
    const stop = asStaff.subscribe(
      { query: 'subscription($id: ID) { orderStatusChanged(orderId: $id) { id status } }', variables: { id: order.id } },
      { next: (v) => received.push(v), error: (e) => { sinkError = e; }, complete: () => {} },
    );
    const stopOther = asStaff.subscribe(
      { query: 'subscription($id: ID) { orderStatusChanged(orderId: $id) { id status } }', variables: { id: '00000000-0000-0000-0000-000000000000' } },
      { next: (v) => others.push(v), error: () => {}, complete: () => {} },
    );
    await new Promise((r) => setTimeout(r, 500)); // the server attaches to NATS
    await http('mutation($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { id } }', { id: order.id });
    await http('mutation($id: ID!) { shipOrder(id: $id) { id } }', { id: order.id });
    const deadline = Date.now() + 15000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const statuses = received.map((v) => v.data?.orderStatusChanged?.status);
    if (statuses.length >= 2 && received.every((v) => v.data?.orderStatusChanged?.id === order.id) && !sinkError) ok(`subscription over graphql-ws: ${JSON.stringify(statuses)}`);
    else fail(`subscription over graphql-ws: ${JSON.stringify({ received, sinkError })}`);
    if (others.length === 0) ok('a subscription for another order received nothing');
    else fail(`a subscription for another order received ${JSON.stringify(others)}`);
    stop();
    stopOther();
  }

  // a validation error reaches the error sink as GraphQL errors with locations
  const invalid = await run(asStaff, { query: 'subscription { orderStatusChanged(orderId: 1) { notAField } }' });
  const errors = Array.isArray(invalid.error) ? invalid.error : [];
  if (errors.length > 0 && errors[0].message.includes('notAField') && errors[0].locations?.length > 0) ok(`validation error over graphql-ws: ${errors[0].message}`);
  else fail(`validation error over graphql-ws: ${JSON.stringify(invalid)}`);
} finally {
  await asStaff.dispose();
}

// anonymous: the staff-only mutation does not exist for this caller
const anonymous = client(undefined);
try {
  const denied = await run(anonymous, {
    query: 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }',
    variables: { input: { userId: '7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60', itemIds: ['SKU-0001'] } },
  });
  const messages = [...(Array.isArray(denied.error) ? denied.error : []), ...denied.results.flatMap((r) => r.errors ?? [])].map((e) => e.message);
  if (messages.some((m) => m.includes('createOrder'))) ok(`anonymous createOrder over graphql-ws refused: ${messages[0]}`);
  else fail(`anonymous createOrder over graphql-ws: ${JSON.stringify(denied)}`);
} finally {
  await anonymous.dispose();
}

// a bad token: the connection is closed with 4403 and the operation fails
const forged = client('not-a-token');
try {
  const refused = await run(forged, { query: '{ __typename }' });
  if (refused.error?.code === 4403) ok(`bad token over graphql-ws: closed with 4403 (${refused.error.reason})`);
  else fail(`bad token over graphql-ws: ${JSON.stringify({ results: refused.results, code: refused.error?.code, reason: refused.error?.reason })}`);
} finally {
  await forged.dispose();
}

finish('graphql-ws client check');
