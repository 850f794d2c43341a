using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaoLens.LocalPostgres;
using TaoLens.Testing.Loopback;

namespace TaoLens.Web.Tests.Hardening;

/// <summary>
/// A cluster of this test's own, stopped and started again under the running app. The app reaches it through a relay,
/// because a restarted cluster listens on a new port.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"taolens-outage-{Guid.NewGuid():N}");
    private EmbeddedPostgres? _cluster;

    private EmbeddedPostgresOptions Options => new() { DataDirectory = Path.Combine(_root, "postgres"), Durable = false, Database = "outage" };

    public async Task InitializeAsync() => _cluster = await EmbeddedPostgres.StartAsync(Options, NullLogger.Instance);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task With_the_database_stopped_pages_and_api_answer_503_with_retry_after_then_recover_when_it_returns()
    {
        await using var relay = TcpRelay.Start(_cluster!.Port);
        var throughRelay = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Port = relay.Port }.ConnectionString;
        await using var app = await HostApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:TaoLens"] = throughRelay });
        var client = app.CreateClient();
        string[] paths = ["/", "/compare?netuids=1", "/ingestion", "/api/v1/subnets", "/api/v1/network", "/api/v1/ingestion/runs"];
        foreach (var path in paths)
        {
            using var up = await client.GetAsync(Url(path));
            Assert.True(up.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)up.StatusCode} before the outage.");
        }

        await _cluster.StopAsync();

        foreach (var path in paths)
        {
            using var down = await client.GetAsync(Url(path));
            var body = await down.Content.ReadAsStringAsync();
            Assert.True(down.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path} answered {(int)down.StatusCode} during the outage: {body}");
            Assert.True(down.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{path}: Retry-After {down.Headers.RetryAfter}");
            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                await Problems.AssertProblemAsync(down, 503);
            }
            else
            {
                Assert.Contains("Data temporarily unavailable", body, StringComparison.Ordinal);
            }
        }

        _cluster = await EmbeddedPostgres.StartAsync(Options, NullLogger.Instance);
        relay.RetargetTo(_cluster.Port);

        foreach (var path in paths)
        {
            // Connections pooled before the outage fail once each as they are found broken; the app needs no restart.
            var status = HttpStatusCode.ServiceUnavailable;
            for (var attempt = 0; attempt < 50 && status != HttpStatusCode.OK; attempt++)
            {
                using var again = await client.GetAsync(Url(path));
                status = again.StatusCode;
            }

            Assert.True(status == HttpStatusCode.OK, $"{path} answered {(int)status} after the database came back.");
        }
    }
}
