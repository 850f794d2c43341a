using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Ingestion.Chutes;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Tests.Replay;

namespace TaoLens.Ingestion.Tests.Chutes;

public sealed class ChutesClientTests
{
    private const string Path = "/daily_revenue_summary";

    /// <summary>
    /// Shaped like chutesai/chutes-api's view: newest first; the newest rows carry sponsored_inference (newer API),
    /// the oldest does not (2025 API); totals are float sums as Python prints them.
    /// </summary>
    private const string Summary = """
        [
          {"date":"2025-11-20","new_subscriber_count":12,"new_subscriber_revenue":150.0,"paygo_revenue":10234.567891,"pending_instance_revenue":812.4,"total_revenue":11196.967891,"sponsored_inference":2500.25},
          {"date":"2025-11-19","new_subscriber_count":3,"new_subscriber_revenue":33.0,"paygo_revenue":9876.54,"pending_instance_revenue":0.0,"total_revenue":12409.79,"sponsored_inference":2500.25},
          {"date":"2025-11-18","new_subscriber_count":0,"new_subscriber_revenue":0.0,"paygo_revenue":9000.1,"pending_instance_revenue":100.2,"total_revenue":9100.300000000001}
        ]
        """;

    private static Task<ReplayHost<ChutesClient>> ServeAsync(string body, TimeProvider? clock = null) =>
        ReplayHost.StartAsync<ChutesClient>(app => app.MapGet(Path, () => Respond.Json(body)), s => s.AddChutesClient(), ChutesOptions.Section, clock: clock);

    private static string Mutate(Action<JsonArray> change)
    {
        var rows = JsonNode.Parse(Summary)!.AsArray();
        change(rows);
        return rows.ToJsonString();
    }

    [Fact]
    public async Task Daily_revenue_parses_each_component_oldest_first()
    {
        await using var host = await ServeAsync(Summary);

        var days = await host.Client.GetDailyRevenueAsync();

        Assert.Equal([new DateOnly(2025, 11, 18), new DateOnly(2025, 11, 19), new DateOnly(2025, 11, 20)], days.Select(d => d.Day));
        var newest = days[2];
        Assert.Equal(150.0m, newest.SubscriberRevenueUsd);
        Assert.Equal(10234.567891m, newest.PayAsYouGoRevenueUsd);
        Assert.Equal(812.4m, newest.PendingInstanceRevenueUsd);
        Assert.Equal(2500.25m, newest.SponsoredInferenceUsd);
        Assert.Equal(12, newest.NewSubscriberCount);
        Assert.Null(days[0].SponsoredInferenceUsd);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal(("GET", Path, ""), (request.Method, request.Path, request.Query));
        Assert.DoesNotContain("Authorization", request.Headers.Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task External_revenue_is_subscriptions_plus_pay_as_you_go_only()
    {
        await using var host = await ServeAsync(Summary);

        var newest = (await host.Client.GetDailyRevenueAsync())[2];

        Assert.Equal(10384.567891m, newest.ExternalRevenueUsd);
        Assert.Equal(
            [("new_subscriber_revenue", 150.0m, true), ("paygo_revenue", 10234.567891m, true), ("pending_instance_revenue", 812.4m, false), ("sponsored_inference", 2500.25m, false)],
            newest.Components.Select(c => (c.Name, c.AmountUsd, c.CountsAsExternal)));
        Assert.Equal(newest.ExternalRevenueUsd, newest.Components.Where(c => c.CountsAsExternal).Sum(c => c.AmountUsd));
        Assert.Equal(3, (await host.Client.GetDailyRevenueAsync())[0].Components.Count);
    }

    [Fact]
    public async Task Duplicate_dates_are_rejected()
    {
        await using var host = await ServeAsync(Mutate(rows => rows[2]!["date"] = "2025-11-19"));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal("chutes /daily_revenue_summary: [2].date: duplicate date 2025-11-19", error.Message);
    }

    [Fact]
    public async Task Negative_amounts_are_rejected()
    {
        await using var host = await ServeAsync(Mutate(rows => rows[1]!["paygo_revenue"] = -5));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.StartsWith("chutes /daily_revenue_summary: [1].paygo_revenue: -5 is outside the plausible range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Total_more_than_a_cent_off_the_components_is_rejected()
    {
        await using var host = await ServeAsync(Mutate(rows => rows[0]!["total_revenue"] = 11196.98));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal("chutes /daily_revenue_summary: [0].total_revenue: 11196.98 disagrees with the sum of components 11196.967891 (or 13697.217891 with sponsored inference)", error.Message);
    }

    [Fact]
    public async Task Total_within_a_cent_of_the_components_is_accepted()
    {
        await using var host = await ServeAsync(Mutate(rows => rows[0]!["total_revenue"] = 11196.97));

        Assert.Equal(3, (await host.Client.GetDailyRevenueAsync()).Count);
    }

    [Fact]
    public async Task Todays_partial_row_is_dropped_and_the_complete_days_are_kept()
    {
        // 2025-11-20 00:10 UTC: the 20th has been accruing for ten minutes; upserting it as a day would store a
        // fraction of the day's revenue as if complete. The 18th and 19th are complete.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 20, 0, 10, 0, TimeSpan.Zero));
        await using var host = await ServeAsync(Summary, clock);

        var days = await host.Client.GetDailyRevenueAsync();

        Assert.Equal([new DateOnly(2025, 11, 18), new DateOnly(2025, 11, 19)], days.Select(d => d.Day));
    }

    [Fact]
    public async Task Dates_after_tomorrow_by_the_injected_clock_are_rejected()
    {
        // 2025-11-19 12:00 UTC: tomorrow (the 20th) is allowed for Chutes' day boundary (and dropped with today, the
        // 19th, as partial); the 21st is not.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 19, 12, 0, 0, TimeSpan.Zero));
        await using var accepted = await ServeAsync(Summary, clock);
        await using var rejected = await ServeAsync(Mutate(rows => rows[0]!["date"] = "2025-11-21"), clock);

        Assert.Equal([new DateOnly(2025, 11, 18)], (await accepted.Client.GetDailyRevenueAsync()).Select(d => d.Day));
        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => rejected.Client.GetDailyRevenueAsync());
        Assert.Equal("chutes /daily_revenue_summary: [0].date: 2025-11-21 is in the future", error.Message);
    }

    [Theory]
    [InlineData("date", "20-11-2025", "[0].date: not a YYYY-MM-DD date")]
    [InlineData("new_subscriber_count", "twelve", "[0].new_subscriber_count: not a whole number in range: 'twelve'")]
    [InlineData("paygo_revenue", null, "[0].paygo_revenue: null")]
    public async Task Malformed_fields_are_rejected_naming_the_row(string field, string? value, string problem)
    {
        await using var host = await ServeAsync(Mutate(rows => rows[0]![field] = value));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal($"chutes /daily_revenue_summary: {problem}", error.Message);
    }

    [Fact]
    public async Task Renamed_component_is_rejected_as_missing()
    {
        await using var host = await ServeAsync(Mutate(rows =>
        {
            var row = rows[1]!.AsObject();
            row["subscriber_revenue"] = row["new_subscriber_revenue"]!.DeepClone();
            row.Remove("new_subscriber_revenue");
        }));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal("chutes /daily_revenue_summary: [1].new_subscriber_revenue: missing", error.Message);
    }

    [Fact]
    public async Task An_object_instead_of_the_row_list_is_rejected()
    {
        await using var host = await ServeAsync("""{"detail":"Not Found"}""");

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal("chutes /daily_revenue_summary: (root): expected an array, got object", error.Message);
    }
}
