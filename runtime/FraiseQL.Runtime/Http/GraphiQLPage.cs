using System.Text;

namespace FraiseQL.Http;

/// <summary>
/// The GraphiQL IDE page (served on GET /graphql to browsers in Development). Its scripts and stylesheet come from a CDN
/// at exact versions with Subresource Integrity hashes (sha384 of the files in the npm packages graphiql 3.8.3,
/// react and react-dom 18.3.1), so the browser refuses anything else served under those addresses.
/// </summary>
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
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css" integrity="sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM" crossorigin="anonymous" />
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="https://unpkg.com/react@18.3.1/umd/react.production.min.js" integrity="sha384-DGyLxAyjq0f9SPpVevD6IgztCFlnMF6oW/XQGmfe+IsZ8TqEiDrcHkMLKI6fiB/Z" crossorigin="anonymous"></script>
  <script src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js" integrity="sha384-gTGxhz21lVGYNMcdJOyq01Edg0jhn/c22nsx0kyqP0TxaV5WVdsSH1fSDUf5YJj1" crossorigin="anonymous"></script>
  <script src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js" integrity="sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie" crossorigin="anonymous"></script>
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
