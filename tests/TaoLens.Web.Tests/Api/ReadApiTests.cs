using System.Net;
using System.Text.Json;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Testing;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Api;

public sealed class ReadApiTests
{
    [Fact]
    public async Task Network_headline_on_reference_data_has_numbers_and_reasons_for_what_is_missing()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/network?window=30", UriKind.Relative)));
        var root = json.RootElement;

        Assert.Equal("2025-10-27", root.GetProperty("asOf").GetString());
        Assert.Equal(30, root.GetProperty("windowDays").GetInt32());
        // The real daily price of 2025-10-27 (tao_usd_daily_2025-09-30_2025-12-31.csv).
        Assert.Equal(404.280085371133m, root.GetProperty("taoPriceUsd").GetProperty("base").GetDecimal());
        // The shipped revenue claims are dated 2025-12-15 and 2026-03-31, after 2025-10-27: none may be used on that day.
        Assert.Equal(JsonValueKind.Null, root.GetProperty("knownRevenueUsd").GetProperty("base").ValueKind);
        Assert.Equal("noRevenueData", root.GetProperty("subsidyToRevenue").GetProperty("reason").GetString());
        Assert.True(root.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal() > 0);
    }

    [Fact]
    public async Task Every_figure_carries_its_notes_in_json_and_csv()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var client = app.CreateClient();

        using var network = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/network", UriKind.Relative)));
        using var subnets = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets", UriKind.Relative)));
        var networkCsv = CsvText.Rows(await client.GetStringAsync(new Uri("/api/v1/network?format=csv", UriKind.Relative)));
        var subnetsCsv = CsvText.Rows(await client.GetStringAsync(new Uri("/api/v1/subnets?format=csv", UriKind.Relative)));

        // The reference emissions have no excess TAO (chain buys), and the first two days of the 30 have no TAO price:
        // the network's subsidy counts tao_in only and is annualised over the 28 priced days, and says both, in flag
        // order. No subnet is missing from it: a subnet absent from a complete network day had zero emission.
        var subsidyNotes = Notes(network.RootElement, "annualisedSubsidyUsd");
        Assert.Equal(["excessTaoUnknown", "windowHasGaps"], subsidyNotes);
        Assert.Equal([], Notes(network.RootElement, "taoPriceUsd"));
        Assert.Equal([], Notes(network.RootElement, "subsidyToRevenue"));
        var chutes = subnets.RootElement.EnumerateArray().Single(s => s.GetProperty("netuid").GetInt32() == 64);
        Assert.Contains("excessTaoUnknown", Notes(chutes, "annualisedSubsidyUsd"));
        Assert.Equal(string.Join(';', subsidyNotes), networkCsv.Single(r => r[0] == "annualisedSubsidyUsd")[5]);
        Assert.Equal("", networkCsv.Single(r => r[0] == "taoPriceUsd")[5]);
        var header = subnetsCsv[0].ToList();
        Assert.Equal(header.IndexOf("annualised_subsidy_usd_reason") + 1, header.IndexOf("annualised_subsidy_usd_notes"));
        var chutesRow = subnetsCsv.Single(r => r[0] == "64");
        Assert.Contains("excessTaoUnknown", chutesRow[header.IndexOf("annualised_subsidy_usd_notes")].Split(';'));
    }

    private static string[] Notes(JsonElement parent, string figure) =>
        [.. parent.GetProperty(figure).GetProperty("notes").EnumerateArray().Select(n => n.GetString()!)];

    [Fact]
    public async Task Network_annualised_subsidy_is_the_sum_of_the_subnets()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var client = app.CreateClient();

        using var network = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/network", UriKind.Relative)));
        using var subnets = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets", UriKind.Relative)));

        var sum = subnets.RootElement.EnumerateArray()
            .Select(s => s.GetProperty("annualisedSubsidyUsd").GetProperty("base"))
            .Where(b => b.ValueKind == JsonValueKind.Number)
            .Sum(b => b.GetDecimal());
        Assert.Equal(network.RootElement.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal(), sum);
        var chutes = subnets.RootElement.EnumerateArray().Single(s => s.GetProperty("netuid").GetInt32() == 64);
        // Hand-computed from the source files (see HomePageTests): 30-day window, annualised over the 28 days with a price.
        Assert.Equal(74_991_560m, decimal.Round(chutes.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal()));
    }

    [Fact]
    public async Task Subnets_csv_has_a_header_and_one_row_per_subnet_with_hostile_names_neutralised()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await using (var db = app.Database.CreateDbContext())
        {
            var at = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
            db.Subnets.Add(new Subnet { Netuid = 9, Name = "=cmd|' /C calc'!A0", FirstSeenAt = at, LastSeenAt = at });
            db.Subnets.Add(new Subnet { Netuid = 10, Name = "plain, with comma", FirstSeenAt = at, LastSeenAt = at });
            db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 9, ObservedAt = at, Source = SnapshotSources.Chain, TaoInEmissionRao = 1_000_000 });
            await db.SaveChangesAsync();
        }

        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/subnets?format=csv", UriKind.Relative));
        var rows = CsvText.Rows(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["netuid", "name", "symbol", "reference_data", "tao_per_day_low"], rows[0].Take(5));
        // side comes after the figures; the registration, row-note and fallback columns after it.
        var side = Array.IndexOf(rows[0], "side");
        Assert.Equal(["side", "registered_on", "row_notes", "fallback_window_days", "fallback_annualised_subsidy_usd_low"], rows[0][side..(side + 5)]);
        Assert.Equal("tao", rows[1][side]);
        Assert.Equal(3, rows.Count);
        Assert.Equal("'=cmd|' /C calc'!A0", rows[1][1]);
        Assert.Equal("plain, with comma", rows[2][1]);
        // No TAO price is stored at all: the USD subsidy is missing, with that reason.
        Assert.Equal("noPrice", rows[1][rows[0].ToList().IndexOf("annualised_subsidy_usd_reason")]);
    }

    [Fact]
    public async Task Subnets_side_alpha_gives_the_alpha_side_subsidy_and_multiple()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await SeedBothSidesAsync(app.Database);
        var client = app.CreateClient();

        using var tao = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets", UriKind.Relative)));
        using var alpha = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets?side=alpha", UriKind.Relative)));

        var taoRow = tao.RootElement.EnumerateArray().Single();
        var alphaRow = alpha.RootElement.EnumerateArray().Single();
        Assert.Equal("tao", taoRow.GetProperty("side").GetString());
        Assert.Equal(TaoSideAnnualUsd, Base(taoRow, "annualisedSubsidyUsd"));
        Assert.Equal(17.52m, Base(taoRow, "subsidyToRevenue"));
        Assert.Equal("alpha", alphaRow.GetProperty("side").GetString());
        Assert.Equal(AlphaSideAnnualUsd, Base(alphaRow, "annualisedSubsidyUsd"));
        Assert.Equal(8.76m, Base(alphaRow, "subsidyToRevenue"));
        // Only the subsidy and its multiple depend on the side.
        Assert.Equal(Base(taoRow, "taoPerDay"), Base(alphaRow, "taoPerDay"));
        Assert.Equal(Base(taoRow, "annualisedRevenueUsd"), Base(alphaRow, "annualisedRevenueUsd"));
    }

    [Fact]
    public async Task Network_side_alpha_gives_the_alpha_side_total_and_multiple()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await SeedBothSidesAsync(app.Database);
        var client = app.CreateClient();

        using var tao = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/network", UriKind.Relative)));
        using var alpha = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/network?side=alpha", UriKind.Relative)));

        Assert.Equal("tao", tao.RootElement.GetProperty("side").GetString());
        Assert.Equal(TaoSideAnnualUsd, Base(tao.RootElement, "annualisedSubsidyUsd"));
        Assert.Equal(17.52m, Base(tao.RootElement, "subsidyToRevenue"));
        Assert.Equal("alpha", alpha.RootElement.GetProperty("side").GetString());
        Assert.Equal(AlphaSideAnnualUsd, Base(alpha.RootElement, "annualisedSubsidyUsd"));
        Assert.Equal(8.76m, Base(alpha.RootElement, "subsidyToRevenue"));
        // The named alpha-side total is the alpha side whichever side is asked for.
        Assert.Equal(AlphaSideAnnualUsd, Base(tao.RootElement, "annualisedAlphaSideSubsidyUsd"));
    }

    [Fact]
    public async Task Csv_says_which_side_its_subsidy_is()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await SeedBothSidesAsync(app.Database);
        var client = app.CreateClient();

        var subnets = CsvText.Rows(await client.GetStringAsync(new Uri("/api/v1/subnets?format=csv&side=alpha", UriKind.Relative)));
        var network = CsvText.Rows(await client.GetStringAsync(new Uri("/api/v1/network?format=csv&side=alpha", UriKind.Relative)));

        Assert.Equal("alpha", subnets[1][Array.IndexOf(subnets[0], "side")]);
        Assert.Equal(AlphaSideAnnualUsd, Number(subnets[1][subnets[0].ToList().IndexOf("annualised_subsidy_usd_base")]));
        Assert.Equal(["metric", "low", "base", "high", "reason", "notes", "side"], network[0]);
        var subsidy = network.Single(r => r[0] == "annualisedSubsidyUsd");
        Assert.Equal(AlphaSideAnnualUsd, Number(subsidy[2]));
        Assert.Equal("alpha", subsidy[6]);
    }

    [Fact]
    public async Task Subnet_detail_side_alpha_gives_the_alpha_side_headline()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await SeedBothSidesAsync(app.Database);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/subnets/1?side=alpha", UriKind.Relative)));

        var headline = json.RootElement.GetProperty("headline");
        Assert.Equal("alpha", headline.GetProperty("side").GetString());
        Assert.Equal(AlphaSideAnnualUsd, Base(headline, "annualisedSubsidyUsd"));
        Assert.Equal(8.76m, Base(headline, "subsidyToRevenue"));
    }

    [Theory]
    [InlineData("/api/v1/network?side=beta")]
    [InlineData("/api/v1/subnets?side=both")]
    [InlineData("/api/v1/subnets?format=csv&side=tao,alpha")]
    [InlineData("/api/v1/subnets/1?side=taoside")]
    public async Task A_bad_side_is_a_400_problem_naming_side(string url)
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);

        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["side"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Events_list_the_mechanism_changes_with_their_date_precision()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/events", UriKind.Relative)));
        var events = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!);

        Assert.Equal("2025-02-13", events["dtao-launch"].GetProperty("date").GetString());
        Assert.Equal("Exact", events["dtao-launch"].GetProperty("precision").GetString());
        Assert.Equal("2025-12-15", events["first-halving"].GetProperty("date").GetString());
        Assert.Equal("Exact", events["first-halving"].GetProperty("precision").GetString());
    }

    // SeedBothSidesAsync, by hand (docs/metrics.md §3-§7): a full 30-day window, so annual = daily x 365.
    // TAO side: 0.04 TAO a block x 7,200 = 288 TAO a day x $400 = $115,200 a day.
    // Alpha side: 1 alpha a block x 7,200 x 0.02 TAO x $400 = $57,600 a day.
    // Against a $2.4M run-rate: 17.52x and 8.76x.
    internal const decimal TaoSideAnnualUsd = 42_048_000m;
    internal const decimal AlphaSideAnnualUsd = 21_024_000m;

    /// <summary>One subnet (netuid 1) with 30 days of TAO and alpha emission, prices, and a $2.4M run-rate.</summary>
    internal static async Task SeedBothSidesAsync(TestDatabase database)
    {
        var first = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        await using var db = database.CreateDbContext();
        db.Subnets.Add(new Subnet { Netuid = 1, Name = "Both sides", FirstSeenAt = first, LastSeenAt = first.AddDays(29) });
        for (var day = 0; day < 30; day++)
        {
            var at = first.AddDays(day);
            db.SubnetSnapshots.Add(new SubnetSnapshot
            {
                Netuid = 1, ObservedAt = at, Source = SnapshotSources.Chain,
                TaoInEmissionRao = 40_000_000, AlphaOutEmissionRao = 1_000_000_000, AlphaPriceTao = 0.02m,
            });
            db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = at, Source = SnapshotSources.CoinGecko, PriceUsd = 400m });
        }

        db.RevenueEntries.Add(new RevenueEntry
        {
            Netuid = 1, Subject = "Both sides", Kind = RevenueEntryKind.RunRate, AsOf = first, AmountUsd = 2_400_000m,
            SourceName = "test", SourceKind = RevenueSourceType.SelfReported, EnteredBy = "test", EnteredAt = first,
        });
        await db.SaveChangesAsync();
    }

    private static decimal Base(JsonElement element, string figure) => element.GetProperty(figure).GetProperty("base").GetDecimal();

    private static decimal Number(string cell) => decimal.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);
}
