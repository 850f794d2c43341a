using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TaoLens.Testing.Loopback;

namespace TaoLens.Ingestion.Tests.Loopback;

public sealed class LoopbackServerTests
{
    [Fact]
    public async Task Serves_mapped_routes_on_loopback_and_records_requests()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/ping", () => Results.Text("pong")));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        Assert.Equal("pong", await client.GetStringAsync(new Uri("ping?x=1", UriKind.Relative)));
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.Equal("?x=1", Assert.Single(server.Requests).Query);
    }
}
