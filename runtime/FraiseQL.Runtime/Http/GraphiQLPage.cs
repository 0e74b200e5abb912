using System.Text;

namespace FraiseQL.Http;

/// <summary>The GraphiQL IDE page (served on GET /graphql to browsers in Development).</summary>
internal static class GraphiQLPage
{
    public static byte[] Render(string endpoint)
    {
        var html = """
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>FraiseQL GraphiQL</title>
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3/graphiql.min.css" />
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script crossorigin src="https://unpkg.com/react@18/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@3/graphiql.min.js"></script>
  <script>
    const url = new URL("__ENDPOINT__", window.location.href);
    const wsUrl = url.href.replace(/^http/, "ws");
    const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: wsUrl });
    ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, { fetcher }));
  </script>
</body>
</html>
""";
        return Encoding.UTF8.GetBytes(html.Replace("__ENDPOINT__", endpoint.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
