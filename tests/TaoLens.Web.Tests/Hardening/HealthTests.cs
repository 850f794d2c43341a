using System.Net;
using Npgsql;
using TaoLens.Data.Ingestion;
using TaoLens.Testing;
using TaoLens.Testing.Loopback;

namespace TaoLens.Web.Tests.Hardening;

public sealed class HealthTests
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Healthz_answers_its_status_only_to_get_and_head()
    {
        await using var app = await HostApp.StartAsync();
        var client = app.CreateClient();

        using var get = await client.GetAsync(Url("/healthz"));
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url("/healthz")));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("Healthy", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task Healthz_never_shows_a_sources_error_or_the_database_address()
    {
        await using var app = await HostApp.StartAsync();
        await using (var db = app.Database.CreateDbContext())
        {
            var at = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
            db.IngestionRuns.Add(new IngestionRun
            {
                Source = "taostats", StartedAt = at, FinishedAt = at, Status = IngestionRunStatus.Failed,
                Error = "upstream 10.9.8.7:8443 said: token abc123 rejected",
            });
            await db.SaveChangesAsync();
        }

        using var response = await app.CreateClient().GetAsync(Url("/healthz"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains(body, new[] { "Healthy", "Degraded" });
        Assert.DoesNotContain("abc123", body, StringComparison.Ordinal);
        var database = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString);
        Assert.DoesNotContain($"{database.Port}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_is_503_within_its_timeout_when_the_database_does_not_answer()
    {
        await using var database = await TestDatabase.CreateAsync("frozen");
        await using var relay = TcpRelay.Start(new NpgsqlConnectionStringBuilder(database.ConnectionString).Port);
        // Connection and command timeouts far beyond the health timeout: only the health timeout can end the wait.
        var throughRelay = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Host = "127.0.0.1", Port = relay.Port, Timeout = 300, CommandTimeout = 300,
        }.ConnectionString;
        await using var app = await HostApp.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:TaoLens"] = throughRelay,
            ["Health:Timeout"] = "00:00:01",
        });
        var client = app.CreateClient();
        using (var before = await client.GetAsync(Url("/healthz")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        relay.Freeze();
        using var frozen = await client.GetAsync(Url("/healthz"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, frozen.StatusCode);
        Assert.Equal("Unhealthy", await frozen.Content.ReadAsStringAsync());
    }
}
