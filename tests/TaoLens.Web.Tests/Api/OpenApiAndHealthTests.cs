using System.Net;
using System.Text.Json;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Api;

public sealed class OpenApiAndHealthTests
{
    [Fact]
    public async Task The_openapi_document_lists_every_read_endpoint()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/v1/network", paths);
        Assert.Contains("/api/v1/subnets", paths);
        Assert.Contains("/api/v1/subnets/{netuid}", paths);
        Assert.Contains("/api/v1/subnets/{netuid}/series", paths);
        Assert.Contains("/api/v1/events", paths);
        Assert.Contains("/api/v1/ingestion/runs", paths);
    }

    [Fact]
    public async Task Healthz_is_503_when_the_database_is_gone()
    {
        var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        try
        {
            var client = app.CreateClient();
            await app.Database.DisposeAsync();

            var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
