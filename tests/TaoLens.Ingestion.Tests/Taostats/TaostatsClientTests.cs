using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Taostats;
using TaoLens.Ingestion.Tests.Replay;

namespace TaoLens.Ingestion.Tests.Taostats;

public sealed class TaostatsClientTests
{
    private const string ApiKey = "tao-test-key-123";
    private const string PricePath = "/api/price/latest/v1";
    private const string PoolsPath = "/api/dtao/pool/latest/v1";
    private const string HistoryPath = "/api/dtao/pool/history/v1";

    private static Task<ReplayHost<TaostatsClient>> StartAsync(Action<WebApplication> map, string? apiKey = ApiKey, TimeProvider? clock = null) =>
        ReplayHost.StartAsync<TaostatsClient>(map, s => s.AddTaostatsClient(), TaostatsOptions.Section,
            new Dictionary<string, string?> { ["ApiKey"] = apiKey }, clock);

    private static Task<ReplayHost<TaostatsClient>> ServeAsync(string path, JsonNode body, TimeProvider? clock = null) =>
        StartAsync(app => app.MapGet(path, () => Respond.Json(body)), clock: clock);

    [Fact]
    public async Task Latest_price_sample_parses_to_the_exact_decimals_taostats_sent()
    {
        await using var host = await ServeAsync(PricePath, UpstreamSamples.Taostats(PricePath));
        var (server, client) = (host.Server, host.Client);

        var quote = await client.GetLatestPriceAsync();

        Assert.Equal(322.124618259631m, quote.PriceUsd);
        Assert.Equal(3331036762.1686m, quote.MarketCapUsd);
        Assert.Equal(10340832.6260981m, quote.CirculatingSupply);
        Assert.Equal(21000000m, quote.TotalSupply);
        Assert.Equal(21000000m, quote.MaxSupply);
        Assert.Equal(6764616983.45m, quote.FdvUsd);
        Assert.Equal(230294320.887392m, quote.Volume24hUsd);
        Assert.Equal(new DateTimeOffset(2025, 11, 20, 15, 28, 0, TimeSpan.Zero), quote.Timestamp);
        Assert.Contains("asset=tao", Assert.Single(server.To(PricePath)).Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorization_header_carries_the_raw_key_without_bearer()
    {
        await using var host = await ServeAsync(PricePath, UpstreamSamples.Taostats(PricePath));
        var (server, client) = (host.Server, host.Client);

        await client.GetLatestPriceAsync();

        Assert.Equal(ApiKey, Assert.Single(server.To(PricePath)).Headers["Authorization"]);
    }

    [Fact]
    public async Task Without_an_api_key_the_client_is_off_and_calls_never_reach_the_server()
    {
        await using var host = await StartAsync(app => app.MapGet(PricePath, () => Respond.Json(UpstreamSamples.Taostats(PricePath))), apiKey: null);
        var (server, client) = (host.Server, host.Client);

        Assert.False(client.IsConfigured);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetLatestPriceAsync());
        Assert.Contains("Sources:Taostats:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Latest_pools_sample_parses_rao_amounts_and_alpha_prices_exactly()
    {
        await using var host = await ServeAsync(PoolsPath, UpstreamSamples.Taostats(PoolsPath));
        var (server, client) = (host.Server, host.Client);

        var pools = await client.GetLatestPoolsAsync();

        Assert.Equal(3, pools.Count);
        var sn87 = pools[0];
        Assert.Equal(87, sn87.Netuid);
        Assert.Equal(5373800, sn87.BlockNumber);
        Assert.Equal(new DateTimeOffset(2025, 4, 17, 21, 13, 36, TimeSpan.Zero), sn87.Timestamp);
        Assert.Equal("\U0001D70F", sn87.Name);
        Assert.Equal("\u16B3", sn87.Symbol);
        Assert.Equal(0.00281204562248495374m, sn87.PriceTao);
        Assert.Equal(128421361L, sn87.TotalTaoRao);
        Assert.Equal(45668306365L, sn87.AlphaInPoolRao);
        Assert.Equal(623534166709L, sn87.AlphaStakedRao);
        Assert.Equal(669202473074L, sn87.TotalAlphaRao);
        Assert.Equal(7276765272L, sn87.TaoVolume24hRao);
        Assert.Equal(93, sn87.Rank);
        // market_cap "1881827884.9638468241624855968" rao is 1.8818... TAO.
        Assert.Equal(1.881827885m, decimal.Round(sn87.MarketCapTao!.Value, 9));
        Assert.Equal(0.256842722m, decimal.Round(sn87.LiquidityTao!.Value, 9));
        Assert.Equal(4.82336116718610417058m, pools[1].PriceTao);
        var request = Assert.Single(server.To(PoolsPath));
        Assert.Contains("page=1", request.Query, StringComparison.Ordinal);
        Assert.Contains("limit=200", request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daily_pool_history_follows_next_page_across_three_pages()
    {
        var from = new DateTimeOffset(2025, 4, 15, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2025, 4, 18, 0, 0, 0, TimeSpan.Zero);
        await using var host = await StartAsync(app => app.MapGet(HistoryPath, (HttpContext context) =>
            Respond.Json(HistoryPage(int.Parse(context.Request.Query["page"]!, CultureInfo.InvariantCulture), totalPages: 3))));
        var (server, client) = (host.Server, host.Client);

        var pools = await client.GetDailyPoolHistoryAsync(from, to);

        Assert.Equal(9, pools.Count);
        Assert.Equal([1, 2, 3], pools.Select(p => p.Netuid % 10).Distinct().Order());
        var requests = server.To(HistoryPath);
        Assert.Equal(3, requests.Count);
        for (var page = 1; page <= 3; page++)
        {
            Assert.Contains($"page={page}&", requests[page - 1].Query, StringComparison.Ordinal);
            Assert.Contains("frequency=by_day", requests[page - 1].Query, StringComparison.Ordinal);
            Assert.Contains($"timestamp_start={from.ToUnixTimeSeconds()}", requests[page - 1].Query, StringComparison.Ordinal);
            Assert.Contains($"timestamp_end={to.ToUnixTimeSeconds()}", requests[page - 1].Query, StringComparison.Ordinal);
            Assert.Equal(ApiKey, requests[page - 1].Headers["Authorization"]);
        }

        Assert.Equal(0.00392775770021791803m, pools[0].PriceTao);
        Assert.Null(pools[0].TaoVolume24hRao);
    }

    [Fact]
    public async Task Recorded_history_envelope_with_712002_pages_is_refused_before_reading_further()
    {
        await using var host = await ServeAsync(HistoryPath, UpstreamSamples.Taostats(HistoryPath));
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() =>
            client.GetDailyPoolHistoryAsync(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 4, 30, 0, 0, 0, TimeSpan.Zero)));

        Assert.StartsWith("taostats /api/dtao/pool/history/v1: pagination.total_pages: 712002 pages exceeds the cap", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.CountRequests(HistoryPath));
    }

    [Fact]
    public async Task Next_page_that_skips_a_page_is_rejected()
    {
        var body = UpstreamSamples.Taostats(PoolsPath);
        body["pagination"] = new JsonObject { ["current_page"] = 1, ["per_page"] = 3, ["total_items"] = 9, ["total_pages"] = 3, ["next_page"] = 3, ["prev_page"] = null };
        await using var host = await ServeAsync(PoolsPath, body);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPoolsAsync());

        Assert.StartsWith("taostats /api/dtao/pool/latest/v1: pagination.next_page: expected 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Total_pages_that_disagree_with_total_items_are_rejected()
    {
        var body = UpstreamSamples.Taostats(PoolsPath);
        body["pagination"]!["total_pages"] = 5;
        await using var host = await ServeAsync(PoolsPath, body);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPoolsAsync());

        Assert.Contains("pagination.total_pages: 5 does not match 94 items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_with_more_rows_than_per_page_is_rejected()
    {
        var body = UpstreamSamples.Taostats(PoolsPath);
        body["pagination"] = new JsonObject { ["current_page"] = 1, ["per_page"] = 2, ["total_items"] = 2, ["total_pages"] = 1, ["next_page"] = null, ["prev_page"] = null };
        await using var host = await ServeAsync(PoolsPath, body);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetLatestPoolsAsync());

        Assert.Equal("taostats /api/dtao/pool/latest/v1: data: 3 rows on a page of 2", error.Message);
    }

    [Fact]
    public async Task Renamed_price_field_is_rejected_naming_the_field_path()
    {
        var body = UpstreamSamples.Taostats(PoolsPath);
        var row = body["data"]![2]!.AsObject();
        row["price_usd"] = row["price"]!.DeepClone();
        row.Remove("price");
        await using var host = await ServeAsync(PoolsPath, body);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPoolsAsync());

        Assert.Equal("taostats /api/dtao/pool/latest/v1: data[2].price: missing", error.Message);
    }

    [Fact]
    public async Task Negative_pool_size_is_rejected()
    {
        var body = UpstreamSamples.Taostats(PoolsPath);
        body["data"]![1]!["total_tao"] = "-2206429361";
        await using var host = await ServeAsync(PoolsPath, body);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPoolsAsync());

        Assert.StartsWith("taostats /api/dtao/pool/latest/v1: data[1].total_tao: -2206429361 is outside the plausible range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rao_amount_with_a_fraction_is_rejected_not_rounded()
    {
        var body = UpstreamSamples.Taostats(PoolsPath);
        body["data"]![0]!["alpha_in_pool"] = "45668306365.5";
        await using var host = await ServeAsync(PoolsPath, body);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPoolsAsync());

        Assert.Contains("data[0].alpha_in_pool: not a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_subnet_across_pages_is_rejected()
    {
        var body = UpstreamSamples.Taostats(PoolsPath);
        body["data"]![1]!["netuid"] = 87;
        await using var host = await ServeAsync(PoolsPath, body);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPoolsAsync());

        Assert.Contains("duplicate row for netuid 87", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "must be above zero")]
    [InlineData("-322.12", "must be above zero")]
    [InlineData("12345678901", "outside the plausible range")]
    [InlineData("three hundred", "not a decimal number")]
    public async Task Zero_negative_absurd_or_non_numeric_tao_price_is_rejected(string price, string problem)
    {
        var body = UpstreamSamples.Taostats(PricePath);
        body["data"]![0]!["price"] = price;
        await using var host = await ServeAsync(PricePath, body);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPriceAsync());

        Assert.StartsWith("taostats /api/price/latest/v1: data[0].price: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Circulating_supply_above_the_21m_cap_is_rejected()
    {
        var body = UpstreamSamples.Taostats(PricePath);
        body["data"]![0]!["circulating_supply"] = "21000000.1";
        await using var host = await ServeAsync(PricePath, body);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPriceAsync());

        Assert.Contains("data[0].circulating_supply: 21000000.1 is outside the plausible range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamp_beyond_the_clock_skew_of_the_injected_clock_is_rejected()
    {
        // The sample's last_updated is 15:28; an injected clock at 15:00 puts it 28 minutes in the future.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 20, 15, 0, 0, TimeSpan.Zero));
        await using var host = await ServeAsync(PricePath, UpstreamSamples.Taostats(PricePath), clock);
        var (server, client) = (host.Server, host.Client);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetLatestPriceAsync());

        Assert.Contains("data[0].last_updated: timestamp 2025-11-20T15:28:00.0000000+00:00 is in the future", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamp_within_the_clock_skew_is_accepted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 20, 15, 25, 0, TimeSpan.Zero));
        await using var host = await ServeAsync(PricePath, UpstreamSamples.Taostats(PricePath), clock);
        var (server, client) = (host.Server, host.Client);

        Assert.Equal(322.124618259631m, (await client.GetLatestPriceAsync()).PriceUsd);
    }

    [Fact]
    public async Task Price_history_rows_outside_the_requested_range_are_rejected()
    {
        const string path = "/api/price/history/v1";
        var body = UpstreamSamples.Taostats(path);
        body["pagination"] = new JsonObject { ["current_page"] = 1, ["per_page"] = 200, ["total_items"] = 1, ["total_pages"] = 1, ["next_page"] = null, ["prev_page"] = null };
        await using var host = await ServeAsync(path, body);
        var (server, client) = (host.Server, host.Client);

        var inRange = await client.GetPriceHistoryAsync(new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var error = await Assert.ThrowsAsync<SourcePayloadException>(() =>
            client.GetPriceHistoryAsync(new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 10, 31, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(322.124618259631m, Assert.Single(inRange).PriceUsd);
        Assert.Contains("outside the requested range", error.Message, StringComparison.Ordinal);
        Assert.Contains("order=timestamp_asc", server.To(path)[0].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subnet_identities_are_cleaned_and_unsafe_urls_dropped()
    {
        const string path = "/api/subnet/identity/v1";
        var body = UpstreamSamples.Taostats(path);
        var hostile = body["data"]![2]!.AsObject();
        hostile["subnet_name"] = "  Good\u202EdoG\u0007  ";
        hostile["github_repo"] = "javascript:alert(1)";
        hostile["subnet_url"] = "https://example.org/sn \n";
        hostile["description"] = new string('d', 5000);
        await using var host = await ServeAsync(path, body);
        var (server, client) = (host.Server, host.Client);

        var identities = await client.GetSubnetIdentitiesAsync();

        Assert.Equal(3, identities.Count);
        var root = identities[0];
        Assert.Equal(0, root.Netuid);
        Assert.Equal("Root", root.Name);
        Assert.Null(root.GithubRepo);
        Assert.Null(root.Description);
        var apex = identities[1];
        Assert.Equal("Apex", apex.Name);
        Assert.Equal(new Uri("https://github.com/macrocosm-os/prompting"), apex.GithubRepo);
        Assert.Equal(new Uri("https://www.macrocosmos.ai/sn1"), apex.Website);
        Assert.Equal("support@macrocosmos.ai", apex.Contact);
        Assert.Equal("macrocrux", apex.Discord);
        Assert.Equal("Apex intelligence", apex.Description);
        Assert.Null(apex.Additional);
        Assert.Equal("GooddoG", identities[2].Name);
        Assert.Null(identities[2].GithubRepo);
        Assert.Equal(new Uri("https://example.org/sn"), identities[2].Website);
        Assert.Equal(1024, identities[2].Description!.Length);
    }

    /// <summary>Page <paramref name="page"/> of a by_day history: three rows of the recorded sample, renumbered per page.</summary>
    private static JsonObject HistoryPage(int page, int totalPages)
    {
        var body = UpstreamSamples.Taostats(HistoryPath);
        body["pagination"] = new JsonObject
        {
            ["current_page"] = page,
            ["per_page"] = 3,
            ["total_items"] = totalPages * 3,
            ["total_pages"] = totalPages,
            ["next_page"] = page < totalPages ? page + 1 : null,
            ["prev_page"] = page > 1 ? page - 1 : null,
        };
        var rows = body["data"]!.AsArray();
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i]!["netuid"] = (10 * i) + page;
            rows[i]!["timestamp"] = $"2025-04-1{4 + page}T00:00:00Z";
        }

        return body;
    }
}
