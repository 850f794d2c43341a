using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaoLens.EndToEnd.Tests.Infrastructure;

namespace TaoLens.EndToEnd.Tests;

[Collection(BrowserSuite.Name)]
public sealed partial class HostTests(ReferenceAppFixture app)
{
    [Fact]
    public async Task The_test_host_serves_blazor_and_every_script_in_the_import_map()
    {
        using var client = app.App.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var importMap = JsonDocument.Parse(ImportMap().Match(html).Groups[1].Value);
        // The import map names Plotly.Blazor's scripts by their fingerprinted file; no version is written here.
        var scripts = importMap.RootElement.GetProperty("imports").EnumerateObject().Select(p => p.Value.GetString()!.TrimStart('.')).ToList();
        Assert.Contains(scripts, s => s.StartsWith("/_content/Plotly.Blazor/", StringComparison.Ordinal));

        foreach (var path in scripts.Append("/_framework/blazor.web.js"))
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}.");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [GeneratedRegex("""<script type="importmap"[^>]*>(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ImportMap();
}
