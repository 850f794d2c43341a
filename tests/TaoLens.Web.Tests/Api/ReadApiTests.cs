using System.Text.Json;
using TaoLens.Core.Text;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
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
        Assert.Equal(322.124618259631m, root.GetProperty("taoPriceUsd").GetProperty("base").GetDecimal());
        // The only revenue claims are dated 2026-03, after 2025-10-27: none may be used on that day.
        Assert.Equal(JsonValueKind.Null, root.GetProperty("knownRevenueUsd").GetProperty("base").ValueKind);
        Assert.Equal("noRevenueData", root.GetProperty("subsidyToRevenue").GetProperty("reason").GetString());
        Assert.True(root.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal() > 0);
    }

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
        // Hand-computed from the source files (see HomePageTests): 30-day window, annualised.
        Assert.Equal(66_604_906m, decimal.Round(chutes.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal()));
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
        var rows = Csv.ReadRows(new StringReader(await response.Content.ReadAsStringAsync())).Select(r => r.Cells).ToList();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["netuid", "name", "symbol", "reference_data", "tao_per_day_low"], rows[0].Take(5));
        Assert.Equal(3, rows.Count);
        Assert.Equal("'=cmd|' /C calc'!A0", rows[1][1]);
        Assert.Equal("plain, with comma", rows[2][1]);
        // No TAO price is stored at all: the USD subsidy is missing, with that reason.
        Assert.Equal("noPrice", rows[1][rows[0].ToList().IndexOf("annualised_subsidy_usd_reason")]);
    }

    [Fact]
    public async Task Events_list_the_mechanism_changes_with_their_date_precision()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/events", UriKind.Relative)));
        var events = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!);

        Assert.Equal("2025-02-13", events["dtao-launch"].GetProperty("date").GetString());
        Assert.Equal("Exact", events["dtao-launch"].GetProperty("precision").GetString());
        Assert.Equal("2025-12-14", events["first-halving"].GetProperty("date").GetString());
    }
}
