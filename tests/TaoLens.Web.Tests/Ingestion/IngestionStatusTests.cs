using System.Text.Json;
using TaoLens.Data.Ingestion;
using TaoLens.Ingestion.Runs;
using TaoLens.Web.Features.Ingestion;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Ingestion;

public sealed class IngestionStatusTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Runs_endpoint_reports_last_success_current_error_and_recent_runs_per_source()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await using (var db = app.Database.CreateDbContext())
        {
            db.IngestionRuns.AddRange(
                Run("coingecko", s_t0, IngestionRunStatus.Succeeded, 1, null),
                Run("coingecko", s_t0.AddMinutes(10), IngestionRunStatus.Failed, 0, "HttpRequestException: 503 <b>down</b>"),
                Run("chutes", s_t0, IngestionRunStatus.Failed, 0, "old failure"),
                Run("chutes", s_t0.AddMinutes(5), IngestionRunStatus.Succeeded, 90, null));
            await db.SaveChangesAsync();
        }

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/ingestion/runs", UriKind.Relative)));
        var sources = json.RootElement.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("source").GetString()!);

        var coingecko = sources["coingecko"];
        Assert.Equal(s_t0.AddSeconds(3), coingecko.GetProperty("lastSuccessAt").GetDateTimeOffset());
        Assert.Equal(1, coingecko.GetProperty("lastSuccessRows").GetInt32());
        Assert.Equal("HttpRequestException: 503 <b>down</b>", coingecko.GetProperty("lastError").GetString());
        var chutes = sources["chutes"];
        Assert.Equal(90, chutes.GetProperty("lastSuccessRows").GetInt32());
        Assert.Equal(JsonValueKind.Null, chutes.GetProperty("lastError").ValueKind);
        Assert.Equal(4, json.RootElement.GetProperty("recentRuns").GetArrayLength());
    }

    [Fact]
    public async Task Ingestion_page_shows_each_source_and_encodes_error_text()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        await using (var db = app.Database.CreateDbContext())
        {
            db.IngestionRuns.Add(Run("taostats", s_t0, IngestionRunStatus.Failed, 0, "SourcePayloadException: <script>x</script>"));
            await db.SaveChangesAsync();
        }

        var html = await app.CreateClient().GetStringAsync(new Uri("/ingestion", UriKind.Relative));

        Assert.Contains("<td>reference</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>taostats</td>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>x</script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_archive_node_the_chain_row_and_the_api_say_why_the_chain_is_not_backfilled()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        var client = app.CreateClient();

        var html = await client.GetStringAsync(new Uri("/ingestion", UriKind.Relative));
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/ingestion/runs", UriKind.Relative)));

        Assert.Contains("off: Sources:Subtensor:ArchiveUrl is not set; a full node keeps only recent state", html, StringComparison.Ordinal);
        var chain = json.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "chain");
        Assert.StartsWith("Sources:Subtensor:ArchiveUrl is not set", chain.GetProperty("noBackfillReason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(42, 1, false, null, "42 of 90 days (2025-09-01 … 2025-11-29), 1 failed")]
    [InlineData(90, 0, true, null, "done: 90 of 90 days (2025-09-01 … 2025-11-29)")]
    [InlineData(12, 0, true, "another TaoLens instance is running this source", "12 of 90 days (2025-09-01 … 2025-11-29); stopped: another TaoLens instance is running this source")]
    public void A_backfill_is_described_by_days_done_of_days_asked(int done, int failed, bool finished, string? stopped, string expected) =>
        Assert.Equal(expected, IngestionStatus.DescribeBackfill(new BackfillProgress(new DateOnly(2025, 9, 1), new DateOnly(2025, 11, 29), done, 90, failed, finished, stopped)));

    private static IngestionRun Run(string source, DateTimeOffset startedAt, IngestionRunStatus status, int rows, string? error) => new()
    {
        Source = source,
        StartedAt = startedAt,
        FinishedAt = startedAt.AddSeconds(3),
        Status = status,
        RowsWritten = rows,
        Error = error,
    };
}
