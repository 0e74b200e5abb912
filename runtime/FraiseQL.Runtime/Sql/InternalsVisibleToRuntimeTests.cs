using System.Runtime.CompilerServices;

// The SQL compilers are internal; their pure parts are unit-tested directly.
[assembly: InternalsVisibleTo("FraiseQL.Runtime.Tests")]
