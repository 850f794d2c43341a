using System.Net;
using System.Text.Json;
using TaoLens.Testing;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Api;

public sealed class SubnetDetailApiTests
{
    [Fact]
    public async Task Subnet_detail_has_the_headline_and_the_revenue_entries_with_provenance()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/subnets/64", UriKind.Relative)));

        // The reference ledger's Chutes claim (tao.media): $4.125M organic of a claimed $5.5M.
        Assert.Equal("chutes", json.RootElement.GetProperty("headline").GetProperty("name").GetString());
        var entry = Assert.Single(json.RootElement.GetProperty("revenueEntries").EnumerateArray());
        Assert.Equal(4_125_000m, entry.GetProperty("amountUsd").GetDecimal());
        Assert.Equal(5_500_000m, entry.GetProperty("highUsd").GetDecimal());
        Assert.Equal("ThirdParty", entry.GetProperty("sourceKind").GetString());
        Assert.Equal("RunRate", entry.GetProperty("kind").GetString());
        Assert.StartsWith("tao.media", entry.GetProperty("sourceName").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://www.tao.media/the-investors-guide-to-chutes-bittensors-inference-layer", entry.GetProperty("sourceUrl").GetString());
        Assert.True(entry.GetProperty("isReferenceData").GetBoolean());
    }

    [Fact]
    public async Task Series_gives_one_point_a_day_with_values_and_reasons()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(
            new Uri("/api/v1/subnets/64/series?metric=taoPerDay&from=2025-09-12&to=2025-09-15", UriKind.Relative)));
        var points = json.RootElement.EnumerateArray().ToList();

        Assert.Equal(["2025-09-12", "2025-09-13", "2025-09-14", "2025-09-15"], points.Select(p => p.GetProperty("date").GetString()));
        Assert.Equal("noSnapshot", points[0].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, points[0].GetProperty("base").ValueKind);
        // SN64 that day: its shipped rao per block x 7,200 blocks.
        Assert.Equal(ExpectedTaoPerDay("2025-09-14"), points[2].GetProperty("base").GetDecimal());
        Assert.Equal(JsonValueKind.Null, points[2].GetProperty("reason").ValueKind);
        // Each point carries its notes: the reference data has no excess TAO, a missing day has none.
        Assert.Equal(["excessTaoUnknown"], points[2].GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Empty(points[0].GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task Series_csv_has_one_row_a_day()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var csv = await app.CreateClient().GetStringAsync(new Uri("/api/v1/subnets/64/series?metric=annualisedSubsidyUsd&from=2025-10-01&to=2025-10-27&format=csv", UriKind.Relative));
        var rows = CsvText.Rows(csv);

        Assert.Equal(["date", "low", "base", "high", "reason", "notes"], rows[0]);
        Assert.Equal(28, rows.Count);
        Assert.Equal("2025-10-27", rows[^1][0]);
        Assert.Contains("excessTaoUnknown", rows[^1][5].Split(';'));
        // Real daily TAO prices: 28 of the window's 30 days have one (see HomePageTests).
        Assert.Equal("74991560", decimal.Round(decimal.Parse(rows[^1][2], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Series_serve_the_real_tao_and_alpha_prices_and_a_reason_on_days_without_a_tao_price()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var client = app.CreateClient();

        async Task<JsonElement> Last(string metric, string day)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/v1/subnets/64/series?metric={metric}&from={day}&to={day}", UriKind.Relative)));
            return json.RootElement.EnumerateArray().Last().Clone();
        }

        // 2025-10-27: TAO $404.280085371133 (tao_usd_daily file), SN64 alpha 0.083899136 TAO (alpha_prices_daily file).
        Assert.Equal(404.280085371133m, (await Last("taoPriceUsd", "2025-10-27")).GetProperty("base").GetDecimal());
        Assert.Equal(0.083899136m, (await Last("alphaPriceTao", "2025-10-27")).GetProperty("base").GetDecimal());
        Assert.Equal(0.083899136m * 404.280085371133m, (await Last("alphaPriceUsd", "2025-10-27")).GetProperty("base").GetDecimal());
        // 2025-09-29 has no real TAO price: the alpha price in TAO is there, every USD price is missing with the reason.
        Assert.Equal("noPrice", (await Last("taoPriceUsd", "2025-09-29")).GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Number, (await Last("alphaPriceTao", "2025-09-29")).GetProperty("base").ValueKind);
        var usd = await Last("alphaPriceUsd", "2025-09-29");
        Assert.Equal("noPrice", usd.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, usd.GetProperty("base").ValueKind);
    }

    [Theory]
    [InlineData("/api/v1/network?window=14", "window")]
    [InlineData("/api/v1/subnets?window=0", "window")]
    [InlineData("/api/v1/subnets?format=xml", "format")]
    [InlineData("/api/v1/subnets/abc", "netuid")]
    [InlineData("/api/v1/subnets/70000/series?metric=taoPerDay", "netuid")]
    [InlineData("/api/v1/subnets/64/series?metric=nonsense", "metric")]
    [InlineData("/api/v1/subnets/64/series", "metric")]
    [InlineData("/api/v1/subnets/64/series?metric=taoPerDay&from=2025-13-01", "from")]
    [InlineData("/api/v1/subnets/64/series?metric=taoPerDay&from=2025-10-05&to=2025-10-01", "from")]
    [InlineData("/api/v1/subnets/64/series?metric=taoPerDay&from=2015-01-01&to=2025-01-01", "from")]
    [InlineData("/api/v1/subnets/64/series?metric=taoPerDay&window=3", "window")]
    public async Task Bad_parameters_are_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);

        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), parameter);
    }

    [Fact]
    public async Task An_unknown_subnet_is_a_404_problem()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);

        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/subnets/77", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // TAO per block (rao, as shipped) x 7,200 / 1e9, straight from the reference CSV the app loaded.
    private static decimal ExpectedTaoPerDay(string day)
    {
        var path = Path.Combine(TaoLens.Testing.RepositoryPaths.Root, "src", "TaoLens.Data", "ReferenceData", "subnet-emissions.csv");
        var rao = CsvText.Records(File.ReadAllText(path))
            .Single(r => r["observed_at"].StartsWith(day, StringComparison.Ordinal) && r["netuid"] == "64")["tao_in_emission_rao"];
        return long.Parse(rao, System.Globalization.CultureInfo.InvariantCulture) * 7_200m / 1_000_000_000m;
    }
}
