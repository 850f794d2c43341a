using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using TaoLens.Ingestion.CoinGecko;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Tests.Replay;

namespace TaoLens.Ingestion.Tests.CoinGecko;

public sealed class CoinGeckoClientTests
{
    // The real root has a path (/api/v3/); the replay server mirrors it so relative paths are tested too.
    private const string CoinPath = "/api/v3/coins/bittensor";
    private const string ChartPath = "/api/v3/coins/bittensor/market_chart/range";

    private static Task<ReplayHost<CoinGeckoClient>> StartAsync(Action<WebApplication> map, string? apiKey = null) =>
        ReplayHost.StartAsync<CoinGeckoClient>(map, s => s.AddCoinGeckoClient(), CoinGeckoOptions.Section,
            new Dictionary<string, string?> { ["ApiKey"] = apiKey }, basePath: "api/v3");

    private static Task<ReplayHost<CoinGeckoClient>> ServeAsync(string path, JsonNode body, string? apiKey = null) =>
        StartAsync(app => app.MapGet(path, () => Respond.Json(body)), apiKey);

    [Fact]
    public async Task Current_market_of_a_tao_shaped_payload_parses_usd_fields_and_supply()
    {
        await using var host = await ServeAsync(CoinPath, UpstreamSamples.CoinGeckoTao());

        var quote = await host.Client.GetCurrentAsync();

        Assert.Equal(322.13m, quote.PriceUsd);
        Assert.Equal(3331036762m, quote.MarketCapUsd);
        Assert.Equal(6764616983m, quote.FdvUsd);
        Assert.Equal(230294320.887392m, quote.Volume24hUsd);
        Assert.Equal(10340832.6260981m, quote.CirculatingSupply);
        Assert.Equal(21000000m, quote.TotalSupply);
        Assert.Equal(21000000m, quote.MaxSupply);
        Assert.Equal(new DateTimeOffset(2025, 11, 20, 15, 28, 0, TimeSpan.Zero), quote.Timestamp);
        var query = Assert.Single(host.Server.To(CoinPath)).Query;
        Assert.Contains("market_data=true", query, StringComparison.Ordinal);
        Assert.Contains("tickers=false", query, StringComparison.Ordinal);
        Assert.Contains("localization=false", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_no_key_header_is_sent()
    {
        await using var host = await ServeAsync(CoinPath, UpstreamSamples.CoinGeckoTao());

        await host.Client.GetCurrentAsync();

        var headers = Assert.Single(host.Server.To(CoinPath)).Headers;
        Assert.DoesNotContain("x-cg-demo-api-key", headers.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("x-cg-pro-api-key", headers.Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_key_on_a_non_pro_host_goes_in_the_demo_header()
    {
        await using var host = await ServeAsync(CoinPath, UpstreamSamples.CoinGeckoTao(), apiKey: "CG-demo-key");

        await host.Client.GetCurrentAsync();

        var headers = Assert.Single(host.Server.To(CoinPath)).Headers;
        Assert.Equal("CG-demo-key", headers["x-cg-demo-api-key"]);
        Assert.DoesNotContain("x-cg-pro-api-key", headers.Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://api.coingecko.com/api/v3/", "x-cg-demo-api-key")]
    [InlineData("https://pro-api.coingecko.com/api/v3/", "x-cg-pro-api-key")]
    [InlineData("https://PRO-API.coingecko.com/api/v3", "x-cg-pro-api-key")]
    [InlineData("http://127.0.0.1:5000/", "x-cg-demo-api-key")]
    public void Key_header_is_chosen_by_host(string baseUrl, string header) =>
        Assert.Equal(header, CoinGeckoClient.KeyHeaderFor(new Uri(baseUrl)));

    [Fact]
    public async Task Recorded_bitcoin_payload_is_refused_as_the_wrong_coin()
    {
        await using var host = await ServeAsync(CoinPath, UpstreamSamples.CoinGecko("/coins/{id}"));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetCurrentAsync());

        Assert.Equal("coingecko /coins/bittensor: id: expected 'bittensor'", error.Message);
    }

    [Fact]
    public async Task Renamed_current_price_is_rejected_naming_the_field()
    {
        var coin = UpstreamSamples.CoinGeckoTao();
        var market = coin["market_data"]!.AsObject();
        market["price_usd"] = market["current_price"]!.DeepClone();
        market.Remove("current_price");
        await using var host = await ServeAsync(CoinPath, coin);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetCurrentAsync());

        Assert.Equal("coingecko /coins/bittensor: market_data.current_price: missing", error.Message);
    }

    [Fact]
    public async Task Negative_market_cap_is_rejected()
    {
        var coin = UpstreamSamples.CoinGeckoTao();
        coin["market_data"]!["market_cap"]!["usd"] = -1;
        await using var host = await ServeAsync(CoinPath, coin);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetCurrentAsync());

        Assert.StartsWith("coingecko /coins/bittensor: market_data.market_cap.usd: -1 is outside the plausible range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daily_history_keeps_the_last_point_of_each_utc_day_joined_by_timestamp()
    {
        var from = new DateTimeOffset(2025, 11, 18, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2025, 11, 20, 16, 0, 0, TimeSpan.Zero);
        long[] times =
        [
            Ms("2025-11-18T00:00:00Z"), Ms("2025-11-18T12:00:00Z"), Ms("2025-11-18T23:00:00Z"),
            Ms("2025-11-19T00:00:00Z"), Ms("2025-11-19T23:59:59.999Z"),
            Ms("2025-11-20T15:00:00Z"),
        ];
        var body = $$"""
            {
              "prices": [[{{times[0]}}, 301.5], [{{times[1]}}, 305.25], [{{times[2]}}, 309.123456789012],
                         [{{times[3]}}, 310], [{{times[4]}}, 1.2e2], [{{times[5]}}, 322.124618259631]],
              "market_caps": [[{{times[2]}}, 3190000000.5], [{{times[3]}}, 3200000000], [{{times[5]}}, 3331036762.1686]],
              "total_volumes": [[{{times[2]}}, 1000], [{{times[4]}}, null], [{{times[5]}}, 230294320.887392]]
            }
            """;
        await using var host = await StartAsync(app => app.MapGet(ChartPath, () => Respond.Json(body)));

        var days = await host.Client.GetDailyHistoryAsync(from, to);

        Assert.Equal(3, days.Count);
        Assert.Equal((DateTimeOffset.FromUnixTimeMilliseconds(times[2]), 309.123456789012m, (decimal?)3190000000.5m, (decimal?)1000m),
            (days[0].Timestamp, days[0].PriceUsd, days[0].MarketCapUsd, days[0].Volume24hUsd));
        Assert.Equal((DateTimeOffset.FromUnixTimeMilliseconds(times[4]), 120m, (decimal?)null, (decimal?)null),
            (days[1].Timestamp, days[1].PriceUsd, days[1].MarketCapUsd, days[1].Volume24hUsd));
        Assert.Equal((322.124618259631m, (decimal?)3331036762.1686m, (decimal?)230294320.887392m),
            (days[2].PriceUsd, days[2].MarketCapUsd, days[2].Volume24hUsd));
        Assert.All(days, d => Assert.Null(d.CirculatingSupply));
        var query = Assert.Single(host.Server.To(ChartPath)).Query;
        Assert.Equal($"?vs_currency=usd&from={from.ToUnixTimeSeconds()}&to={to.ToUnixTimeSeconds()}", query);
    }

    [Fact]
    public async Task Recorded_chart_example_parses_milliseconds_and_exact_numbers()
    {
        await using var host = await ServeAsync(ChartPath, UpstreamSamples.CoinGecko("/coins/{id}/market_chart/range"));

        var days = await host.Client.GetDailyHistoryAsync(DateTimeOffset.FromUnixTimeSeconds(1779027000), DateTimeOffset.FromUnixTimeSeconds(1779029000));

        // Two 5-minute points on 2026-05-17; the later one wins.
        var day = Assert.Single(days);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1779028199661), day.Timestamp);
        Assert.Equal(78052.87543398788m, day.PriceUsd);
        Assert.Equal(1562027330524.267m, day.MarketCapUsd);
        Assert.Equal(18974828816.446976m, day.Volume24hUsd);
    }

    [Theory]
    [InlineData("""{"prices":[[1763650000000]],"market_caps":[],"total_volumes":[]}""", "prices[0]: expected [timestamp_ms, value], got 1 elements")]
    [InlineData("""{"prices":[["1763650000000.5", 322]],"market_caps":[],"total_volumes":[]}""", "prices[0][0]: not a whole number")]
    [InlineData("""{"prices":[[1763650000000, 0]],"market_caps":[],"total_volumes":[]}""", "prices[0][1]: must be above zero")]
    [InlineData("""{"prices":[[1763650000000, null]],"market_caps":[],"total_volumes":[]}""", "prices[0][1]: null")]
    [InlineData("""{"prices":[[4102444800000, 322]],"market_caps":[],"total_volumes":[]}""", "prices[0][0]: timestamp 2100-01-01T00:00:00.0000000+00:00 is in the future")]
    [InlineData("""{"prices":[],"market_caps":[]}""", "total_volumes: missing")]
    [InlineData("""{"prices":{"usd":1},"market_caps":[],"total_volumes":[]}""", "prices: expected an array, got object")]
    public async Task Malformed_chart_points_are_rejected_naming_the_point(string body, string problem)
    {
        await using var host = await StartAsync(app => app.MapGet(ChartPath, () => Respond.Json(body)));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() =>
            host.Client.GetDailyHistoryAsync(new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 11, 21, 0, 0, 0, TimeSpan.Zero)));

        Assert.StartsWith($"coingecko /coins/bittensor/market_chart/range: {problem}", error.Message, StringComparison.Ordinal);
    }

    private static long Ms(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
}
