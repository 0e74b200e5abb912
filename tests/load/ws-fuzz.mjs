// Malformed graphql-transport-ws traffic against a live service: sockets that send valid messages mutated at random
// (invalid JSON and UTF-8, wrong types for type/id/payload, unknown message types, duplicate ids, messages before
// connection_init, binary frames, oversized messages, subscribe payloads with junk documents and variables). The
// server must keep to the protocol: every socket ends with a close frame whose code is 1000 or one of the protocol's
// 44xx codes (never 1011, never 1006 without a close frame unless this client was closing at the same moment), every
// message it sends is JSON with a known type, and
// the service answers a plain request afterwards. Seeded, so a failure reproduces.
//
//   node ws-fuzz.mjs <graphql url> [--count 300] [--seed 1]      exit 1 on any bad answer, 2 when unreachable
import WebSocket from 'ws';
import { commandLine, seededRandom } from './check-support.mjs';

const { url, count, seed } = commandLine('ws-fuzz', 300);
const { random, pick, between } = seededRandom(seed);

const documents = ['{ __typename }', 'subscription { orderStatusChanged { id status } }', 'query($id: ID!) { order(id: $id) { id } }',
  'mutation { shipOrder(id: "x") { id } }', '{ nope }', 'subscription { a: orderStatusChanged { id } b: orderStatusChanged { id } }', '{'];
const wrong = [null, 0, 1.5, true, 'x', [], {}, [1], { a: 1 }, 'x'.repeat(3000)];
const serverTypes = new Set(['connection_ack', 'next', 'error', 'complete', 'ping', 'pong']);

function message(ids) {
  const id = random() < 0.8 ? pick(ids) : pick(wrong);
  const valid = pick([
    { type: 'connection_init', payload: random() < 0.5 ? {} : pick(wrong) },
    { type: 'ping', payload: random() < 0.8 ? undefined : pick(wrong) },
    { type: 'pong' },
    { id, type: 'subscribe', payload: { query: pick(documents), variables: random() < 0.7 ? { id: 'x' } : pick(wrong) } },
    { id, type: 'complete' },
    { type: pick(['start', 'stop', 'connection_terminate', 'next', '', 'SUBSCRIBE']), id },
  ]);
  const r = random();
  if (r < 0.1) valid.type = pick(wrong);
  else if (r < 0.2) valid.payload = pick(wrong);
  let text = JSON.stringify(valid);
  if (random() < 0.15) text = text.split('').map((c) => (random() < 0.05 ? pick(['{', '"', '\\', '\\ud800', '\u0000', ']', '😀']) : c)).join('');
  if (random() < 0.05) return Buffer.from(text.split('').map((c) => c.charCodeAt(0) ^ (random() < 0.05 ? 0x80 : 0)));
  if (random() < 0.02) return { binary: Buffer.from([0, 1, 2, 255]) };
  if (random() < 0.01) return 'x'.repeat(between(100_000, 2_000_000));
  return text;
}

function session(i) {
  return new Promise((resolve) => {
    const problems = [];
    const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const ids = ['1', '2', '3'];
    const sent = [];
    let timedOut = false;
    let closing = false;
    const timer = setTimeout(() => { timedOut = true; ws.terminate(); }, 4000);
    ws.on('open', async () => {
      if (random() < 0.8) ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      for (let n = between(1, 8); n > 0 && ws.readyState === WebSocket.OPEN; n--) {
        const m = message(ids);
        if (m && m.binary) ws.send(m.binary, { binary: true });
        else ws.send(m);
        sent.push(m && m.binary ? '<binary>' : String(m).slice(0, 80) + (String(m).length > 80 ? `…(${String(m).length})` : ''));
        await new Promise((r) => setTimeout(r, between(0, 30)));
      }
      setTimeout(() => { if (ws.readyState === WebSocket.OPEN) { closing = true; ws.close(1000); } }, 300);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) { problems.push('a binary message from the server'); return; }
      try {
        const msg = JSON.parse(data.toString());
        if (!serverTypes.has(msg.type)) problems.push(`an unknown message type from the server: ${data.toString().slice(0, 100)}`);
      } catch {
        problems.push(`a message that is not JSON: ${data.toString().slice(0, 100)}`);
      }
    });
    ws.on('error', () => {});
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      // 1006 while this client was closing the socket itself is the two closes crossing, not the server failing
      if (!(code === 1000 || code === 1005 || (code >= 4400 && code < 4500) || (code === 1006 && closing && !timedOut))) {
        problems.push(`closed with ${code} ${reason}${timedOut ? ' (no close within 4 s)' : ''} after sending ${JSON.stringify(sent)}`);
      }
      resolve(problems.length ? { i, problems } : null);
    });
  });
}

try {
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
} catch (e) {
  console.error(`ws-fuzz: ${url} unreachable (${e.cause?.code ?? e.message})`);
  process.exit(2);
}
const bad = [];
for (let i = 0; i < count; i += 10) {
  const batch = await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, k) => session(i + k)));
  bad.push(...batch.filter(Boolean));
}
const after = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' }).then((r) => r.json()).catch((e) => ({ error: String(e) }));
if (after?.data?.__typename !== 'Query') bad.push({ i: 'after', problems: [`the service no longer answers: ${JSON.stringify(after)}`] });
for (const b of bad.slice(0, 10)) console.log(`BAD socket #${b.i}: ${b.problems.join('; ')}`);
console.log(`ws-fuzz ${url}: ${count} sockets of malformed traffic, ${bad.length} with a bad answer`);
process.exit(bad.length > 0 ? 1 : 0);
