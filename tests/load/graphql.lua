-- wrk script: the by_id / list20 GraphQL scenarios against FraiseQL for .NET or PostGraphile v5; each wrk thread
-- cycles through all order ids in its own random order, and every response is checked to be a 200 with data and no
-- errors.
-- Driven by tests/load/wrk-bench.sh; by hand:
--   SCENARIO=by_id FLAVOR=fraiseql IDS=ids.txt wrk -t1 -c32 -d10s --latency -s tests/load/graphql.lua http://127.0.0.1:5699/graphql
-- IDS: one order id per line (md5('order-' || n)::uuid for the 10,000 seeded orders).
local scenario = os.getenv("SCENARIO") or "by_id"
local flavor = os.getenv("FLAVOR") or "fraiseql"

-- request bodies as JSON; "%s" is the order id
local bodies = {
  fraiseql = {
    by_id = '{"query":"query OrderById($id: UUID!) { order(id: $id) { id customerEmail status total createdAt items { id sku qty price } } }","variables":{"id":"%s"}}',
    list20 = '{"query":"query Orders { orders(limit: 20, orderBy: [{ field: \\"id\\", direction: ASC }]) { id status total items { sku qty } } }"}',
    -- the same list from a query that declares cache_ttl_seconds (scripts/bench-cache.sh; not one of the targets)
    list20_cached = '{"query":"query Orders { ordersCached(limit: 20, orderBy: [{ field: \\"id\\", direction: ASC }]) { id status total items { sku qty } } }"}',
  },
  postgraphile = {
    by_id = '{"query":"query OrderById($id: UUID!) { tbOrderByRowId(rowId: $id) { rowId customerEmail status total createdAt tbOrderItemsByOrderId { nodes { rowId sku qty price } } } }","variables":{"id":"%s"}}',
    list20 = '{"query":"query Orders { allTbOrders(first: 20) { nodes { rowId status total tbOrderItemsByOrderId { nodes { sku qty } } } } }"}',
  },
}
local template = assert(bodies[flavor] and bodies[flavor][scenario], "unknown FLAVOR/SCENARIO: " .. flavor .. "/" .. scenario)

local ids = {}
-- The request texts are built once per thread in init(), so no request is formatted during the run (request() only
-- hands out the next one): on a 2-core machine the load generator shares the cores with the server under test, and
-- formatting each request in Lua took about half of wrk's user CPU per request.
local prepared = {}
local next_request = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("IDS") or "ids.txt") do
    ids[#ids + 1] = line
  end
  assert(#ids > 0, "no order ids read from IDS")
  math.randomseed(os.time() + (tonumber(tostring(ids):match("0x(%x+)"), 16) or 0))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  errors = 0
  -- every id once per cycle, in this thread's own random order (Fisher-Yates)
  for i = #ids, 2, -1 do
    local j = math.random(i)
    ids[i], ids[j] = ids[j], ids[i]
  end
  for i = 1, #ids do
    prepared[i] = wrk.format(nil, nil, nil, string.format(template, ids[i]))
  end
end

function request()
  next_request = next_request % #prepared + 1
  return prepared[next_request]
end

-- A good response is {"data":{...}} and nothing else (both servers write compact JSON and no top-level extensions here).
-- It is checked at both ends instead of by searching the body for "errors": a response with errors either does not
-- start with {"data":{ (errors first, or no data) or ends with "]}" (errors last). string.find over a 3.4 KB list20 body
-- cost wrk 4-6 us of CPU per response, a fifth of its share of the two cores it shares with the servers under test.
local ok_prefix = '{"data":{'
local close_brace = string.byte("}")
function response(status, headers, body)
  if status ~= 200 or string.sub(body, 1, #ok_prefix) ~= ok_prefix
      or string.byte(body, -1) ~= close_brace or string.byte(body, -2) ~= close_brace then
    errors = errors + 1
    if errors <= 3 then -- the first few of each thread, so a run's errors say what they were
      io.stderr:write(string.format("error response: HTTP %d %s\n", status, string.sub(body or "", 1, 400)))
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("errors") or 0)
  end
  -- one machine-readable line for wrk-bench.sh
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
