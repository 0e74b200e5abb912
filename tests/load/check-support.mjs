// Small pieces the checks in this folder share: a seeded random source, the command line of the seeded checks, the
// ok/FAIL report of the client checks, and running one GraphQL operation of a graphql-ws or graphql-sse client to its end.

/** A seeded random source (mulberry32): random() in [0, 1), pick(list), between(lo, hi) inclusive, chance(p). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    random,
    chance: (p) => random() < p,
    pick: (list) => list[Math.floor(random() * list.length)],
    between: (lo, hi) => lo + Math.floor(random() * (hi - lo + 1)),
  };
}

/**
 * The command line of a seeded check: <graphql url> [--count N] [--seed N] [other --name value options]. Exits 2 with
 * a usage line when the url is missing. Returns { url, count, seed, option(name, fallback), flag(name) }.
 */
export function commandLine(script, defaultCount, extraUsage = '') {
  const args = process.argv.slice(2);
  const url = args.find((a) => !a.startsWith('--'));
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  if (!url) {
    console.error(`usage: node ${script}.mjs <graphql url> [--count N] [--seed N]${extraUsage}`);
    process.exit(2);
  }
  return { url, count: Number(option('count', String(defaultCount))), seed: Number(option('seed', '1')), option, flag: (name) => args.includes(`--${name}`) };
}

/** ok/FAIL lines and the count of failures; finish(name) prints the summary and exits 1 on any failure. */
export function report() {
  let failures = 0;
  return {
    ok: (msg) => console.log(`ok   ${msg}`),
    fail: (msg) => { failures++; console.log(`FAIL ${msg}`); },
    finish: (name) => {
      console.log(failures === 0 ? `${name}: all passed` : `${name}: ${failures} failure(s)`);
      process.exit(failures === 0 ? 0 : 1);
    },
  };
}

/** One operation of a graphql-ws or graphql-sse client to its end: { results, error } (error: what the sink's error got). */
export function runToEnd(client, payload) {
  return new Promise((resolve) => {
    const results = [];
    client.subscribe(payload, {
      next: (value) => results.push(value),
      error: (error) => resolve({ results, error }),
      complete: () => resolve({ results }),
    });
  });
}
