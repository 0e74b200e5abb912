// The README walkthrough, executed: Pattern 1 (order → inventory reservation), Pattern 2 (fan-out to
// notification and analytics), Pattern 3 (orderStatusChanged subscription filtered by orderId) and
// request–reply (stockLevel). Needs Node 20+ (run with --experimental-websocket on Node 20/21).
// Env: ORDER_URL, INVENTORY_URL, NOTIFICATION_URL, ANALYTICS_URL (http://…/graphql), FRAISEQL_JWT_HMAC_KEY
// (base64; defaults to the demo key of example-services/order-service/fraiseql.toml).
import { createHash } from 'node:crypto';
import { mintDemoToken } from '../tests/load/demo-token.mjs';

const urls = {
  order: process.env.ORDER_URL ?? 'http://127.0.0.1:5101/graphql',
  inventory: process.env.INVENTORY_URL ?? 'http://127.0.0.1:5102/graphql',
  notification: process.env.NOTIFICATION_URL ?? 'http://127.0.0.1:5103/graphql',
  analytics: process.env.ANALYTICS_URL ?? 'http://127.0.0.1:5104/graphql',
};

// HS256 bearer tokens for the order service's [auth] (tests/load/demo-token.mjs)
const STAFF = mintDemoToken('alice', ['staff']);
const VIEWER = mintDemoToken('bob', ['viewer']);

let failures = 0;
const step = (title) => console.log(`\n== ${title}`);
const ok = (msg) => console.log(`   ok  ${msg}`);
const fail = (msg) => { failures++; console.log(`   FAIL ${msg}`); };

async function post(service, query, variables = {}, token = undefined) {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(urls[service], { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return res.json();
}

async function gql(service, query, variables = {}, token = undefined) {
  const body = await post(service, query, variables, token);
  if (body.errors) throw new Error(`${service}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function eventually(what, probe, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last.done) { ok(`${what}: ${JSON.stringify(last.value)}`); return last.value; }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what} (last seen: ${JSON.stringify(last?.value)})`);
  return last?.value;
}

function subscribe(query, variables) {
  const ws = new WebSocket(urls.order.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages = [];
  const ready = new Promise((resolve, reject) => {
    ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    ws.onerror = (e) => reject(new Error('websocket error ' + (e.message ?? '')));
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
        setTimeout(resolve, 300); // let the server attach to NATS before we mutate
      } else if (msg.type === 'next') {
        messages.push(msg.payload);
      } else if (msg.type === 'ping') {
        ws.send(JSON.stringify({ type: 'pong' }));
      } else if (msg.type === 'error') {
        messages.push({ error: msg.payload });
      }
    };
  });
  return { ready, messages, close: () => { ws.send(JSON.stringify({ id: '1', type: 'complete' })); ws.close(); } };
}

const ORDER_FIELDS = 'id identifier userId status total items { sku qty price }';

// orderStats declares cache_ttl_seconds (30 s): this read is kept, and the analytics handler's invalidates_views
// must drop it once the created event is recorded (checked below, well inside the 30 s)
const statsBefore = (await gql('analytics', '{ orderStats { eventCount } }')).orderStats;

step('Pattern 1: createOrder in the order service');
const before = (await gql('inventory', '{ inventoryItem(sku: "SKU-0001") { quantityAvailable quantityReserved } }')).inventoryItem;
ok(`SKU-0001 before: ${JSON.stringify(before)}`);
const created = (await gql('order',
  `mutation($input: CreateOrderInput!) { createOrder(input: $input) { ${ORDER_FIELDS} } }`,
  { input: { userId: '7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60', itemIds: ['SKU-0001', 'SKU-0002'] } }, STAFF)).createOrder;
ok(`created ${created.identifier} (${created.id}) total ${created.total}`);
const orderId = created.id;

step('… the inventory service reserved stock (fraiseql.order.created → fn_reserve_inventory)');
await eventually('reservations for the order', async () => {
  const d = await gql('inventory', `query($id: ID!) { reservations(where: { orderId: { eq: $id } }) { sku } }`, { id: orderId });
  return { done: d.reservations.length === 2, value: d.reservations.map((r) => r.sku).sort() };
});
await eventually('SKU-0001 after', async () => {
  const d = (await gql('inventory', '{ inventoryItem(sku: "SKU-0001") { quantityAvailable quantityReserved } }')).inventoryItem;
  return { done: d.quantityReserved === before.quantityReserved + 1, value: d };
});

step('Pattern 2: fan-out — notification and analytics both got the event');
await eventually('notification queued', async () => {
  const d = await gql('notification', `query($id: ID!) { notifications(where: { orderId: { eq: $id } }) { kind body } }`, { id: orderId });
  return { done: d.notifications.some((n) => n.kind === 'order_confirmation'), value: d.notifications };
});
await eventually('analytics recorded', async () => {
  const d = await gql('analytics', `query($id: ID!) { orderEvents(where: { orderId: { eq: $id } }) { status total } }`, { id: orderId });
  return { done: d.orderEvents.length >= 1, value: d.orderEvents };
});
await eventually('cached orderStats dropped by the handler (cache_ttl_seconds 30, invalidates_views)', async () => {
  const d = (await gql('analytics', '{ orderStats { eventCount } }')).orderStats;
  return { done: d.eventCount > statsBefore.eventCount, value: { before: statsBefore.eventCount, now: d.eventCount } };
}, 10000);

step('Pattern 3: orderStatusChanged(orderId) over WebSocket, then updateOrderStatus + shipOrder');
const mine = subscribe('subscription($id: ID) { orderStatusChanged(orderId: $id) { id status } }', { id: orderId });
const other = subscribe('subscription($id: ID) { orderStatusChanged(orderId: $id) { id status } }', { id: '00000000-0000-0000-0000-000000000000' });
await Promise.all([mine.ready, other.ready]);
const confirmed = (await gql('order', `mutation($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { id status } }`, { id: orderId }, STAFF)).updateOrderStatus;
ok(`updateOrderStatus → ${confirmed.status}`);
const shipped = (await gql('order', `mutation($id: ID!) { shipOrder(id: $id) { id status } }`, { id: orderId }, STAFF)).shipOrder;
ok(`shipOrder → ${shipped.status}`);
await eventually('subscription messages for this order', async () => ({
  done: mine.messages.length >= 2,
  value: mine.messages.map((m) => m.data?.orderStatusChanged?.status ?? m),
}));
if (other.messages.length === 0) ok('the subscription filtered on another orderId received nothing');
else fail(`filtered subscription received ${JSON.stringify(other.messages)}`);
mine.close(); other.close();
await eventually('shipping notification', async () => {
  const d = await gql('notification', `query($id: ID!) { notifications(where: { orderId: { eq: $id } }) { kind } }`, { id: orderId });
  return { done: d.notifications.some((n) => n.kind === 'shipping'), value: d.notifications.map((n) => n.kind) };
});

step('Security: two users — staff (token) and viewer (token or none)');
{
  const denied = await post('order',
    `mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }`,
    { input: { userId: '7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60', itemIds: ['SKU-0001'] } }, VIEWER);
  const error = denied.errors?.[0];
  if (error && !denied.data?.createOrder && /Cannot query field "createOrder"/.test(error.message)) ok(`viewer createOrder denied: ${error.message}`);
  else fail(`viewer createOrder was not denied: ${JSON.stringify(denied)}`);
  const q = `query($id: ID!) { order(id: $id) { identifier total } }`;
  const asViewer = (await gql('order', q, { id: orderId }, VIEWER)).order;
  if (asViewer && asViewer.total === null) ok(`viewer sees ${asViewer.identifier} with total masked: ${JSON.stringify(asViewer)}`);
  else fail(`viewer should see total as null: ${JSON.stringify(asViewer)}`);
  const anonymous = (await gql('order', q, { id: orderId })).order;
  if (anonymous && anonymous.total === null) ok('no token = viewer: total is null too');
  else fail(`anonymous should see total as null: ${JSON.stringify(anonymous)}`);
  const asStaff = (await gql('order', q, { id: orderId }, STAFF)).order;
  if (asStaff && asStaff.total !== null && Number(asStaff.total) === Number(created.total)) ok(`staff sees the total: ${JSON.stringify(asStaff)}`);
  else fail(`staff should see total ${created.total}: ${JSON.stringify(asStaff)}`);
  const mutations = (await gql('order', '{ __schema { mutationType { fields { name } } } }', {}, VIEWER)).__schema.mutationType?.fields ?? [];
  if (!mutations.some((f) => f.name === 'createOrder')) ok(`viewer introspection lists no createOrder (${mutations.length} mutations visible)`);
  else fail(`viewer introspection shows createOrder: ${JSON.stringify(mutations)}`);
}

step('Request–reply: the order service asks the inventory service for stockLevel');
const stock = (await gql('order', '{ stockLevel(sku: "SKU-0002") { sku quantityAvailable quantityReserved } }')).stockLevel;
if (stock && stock.sku === 'SKU-0002') ok(`stockLevel → ${JSON.stringify(stock)}`); else fail(`stockLevel → ${JSON.stringify(stock)}`);

step('Lists, counts and pages: orders + ordersCount, the orderPages connection, node(id), full-text search');
{
  const where = { status: { eq: 'shipped' } }; // the order of Pattern 3 is shipped
  const d = await gql('order', `query($where: OrderWhereInput) {
    orders(where: $where, orderBy: [{field: "createdAt", direction: DESC}], limit: 10) { id }
    ordersCount(where: $where) }`, { where }, STAFF);
  if (d.orders.some((o) => o.id === orderId) && d.ordersCount >= 1) ok(`orders(where) lists the order; ordersCount = ${d.ordersCount}`);
  else fail(`orders/ordersCount: ${JSON.stringify(d)}`);

  const page = `query($after: String) { orderPages(first: 1, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
  const first = (await gql('order', page, {}, STAFF)).orderPages;
  if (first.edges.length === 1 && first.totalCount >= 1 && first.pageInfo.endCursor === first.edges[0].cursor) ok(`orderPages(first: 1): 1 of ${first.totalCount}, endCursor ${first.pageInfo.endCursor}`);
  else fail(`orderPages(first: 1): ${JSON.stringify(first)}`);
  if (first.pageInfo.hasNextPage) {
    const next = (await gql('order', page, { after: first.pageInfo.endCursor }, STAFF)).orderPages;
    if (next.edges.length === 1 && next.edges[0].node.id !== first.edges[0].node.id) ok(`orderPages(after: endCursor) → the next order ${next.edges[0].node.id}`);
    else fail(`orderPages(after): ${JSON.stringify(next)}`);
  }

  const node = (await gql('order', `query($id: ID!) { node(id: $id) { __typename ... on Order { identifier } } }`, { id: orderId }, STAFF)).node;
  if (node && node.__typename === 'Order' && node.identifier === created.identifier) ok(`node(id) → ${JSON.stringify(node)}`);
  else fail(`node(id) → ${JSON.stringify(node)}`);

  const fts = (await gql('order', `{ ordersCount(where: { identifier: { websearch_query: "ORD" } }) }`, {}, STAFF)).ordersCount;
  if (fts >= 1) ok(`ordersCount(where: {identifier: {websearch_query: "ORD"}}) = ${fts}`); else fail(`full-text search found ${fts}`);
}

step('Persisted queries (APQ): the hash alone, then the document once, then the hash alone over GET');
{
  const query = `query($id: ID!) { order(id: $id) { identifier status } }`;
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };
  const send = async (body) => {
    const res = await fetch(urls.order, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${STAFF}` }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const unknown = await send({ variables: { id: orderId }, extensions });
  if (unknown.status === 200 && unknown.body.errors?.[0]?.message === 'PersistedQueryNotFound') ok('hash only, unknown: 200 PersistedQueryNotFound');
  else fail(`hash only, unknown: ${unknown.status} ${JSON.stringify(unknown.body)}`);
  const registered = await send({ query, variables: { id: orderId }, extensions });
  if (registered.body.data?.order?.identifier === created.identifier) ok(`document + hash: ran and registered (${registered.body.data.order.identifier})`);
  else fail(`document + hash: ${JSON.stringify(registered.body)}`);
  const params = new URLSearchParams({ variables: JSON.stringify({ id: orderId }), extensions: JSON.stringify(extensions) });
  const byGet = await fetch(`${urls.order}?${params}`, { headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${STAFF}` } });
  const got = await byGet.json();
  if (byGet.status === 200 && got.data?.order?.identifier === created.identifier) ok(`GET with the hash alone → ${JSON.stringify(got.data.order)}`);
  else fail(`GET with the hash alone: ${byGet.status} ${JSON.stringify(got)}`);
}

step('Subscriptions over Server-Sent Events (Accept: text/event-stream, no WebSocket)');
{
  const second = (await gql('order', `mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }`,
    { input: { userId: '7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60', itemIds: ['SKU-0003'] } }, STAFF)).createOrder;
  const aborter = new AbortController();
  const res = await fetch(urls.order, {
    method: 'POST', signal: aborter.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${STAFF}` },
    body: JSON.stringify({ query: 'subscription($id: ID) { orderStatusChanged(orderId: $id) { id status } }', variables: { id: second.id } }),
  });
  if (res.status === 200 && (res.headers.get('content-type') ?? '').startsWith('text/event-stream')) ok('200 text/event-stream');
  else fail(`SSE subscribe: ${res.status} ${res.headers.get('content-type')}`);
  const reader = res.body.getReader();
  let text = '';
  const reading = (async () => {
    try {
      for (;;) { const { value, done } = await reader.read(); if (done) break; text += new TextDecoder().decode(value); }
    } catch { /* aborted */ }
  })();
  await new Promise((r) => setTimeout(r, 500)); // let the server attach to NATS before we mutate
  await gql('order', `mutation($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { status } }`, { id: second.id }, STAFF);
  await eventually('an SSE "next" event for the order', async () => ({
    done: text.includes('event: next') && text.includes('"confirmed"'),
    value: text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)),
  }));
  aborter.abort();
  await reading;
}

console.log(failures === 0 ? '\nwalkthrough: all steps passed' : `\nwalkthrough: ${failures} step(s) failed`);
process.exit(failures === 0 ? 0 : 1);
