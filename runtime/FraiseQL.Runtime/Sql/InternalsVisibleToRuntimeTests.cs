using System.Runtime.CompilerServices;

// The SQL compilers are internal; their pure parts are unit-tested directly.
[assembly: InternalsVisibleTo("FraiseQL.Runtime.Tests")]

// The outbox relay's SQL texts are internal; the integration tests check their plans on a real PostgreSQL.
[assembly: InternalsVisibleTo("FraiseQL.Integration.Tests")]
