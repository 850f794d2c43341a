using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Api;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>
/// One leaderboard row: a subnet's subsidy against its external revenue, as of the latest day. The annualised subsidy and
/// subsidy-to-revenue are the side named in <see cref="Side"/> (<c>tao</c> or <c>alpha</c>); TAO per day is always the TAO side.
/// </summary>
public sealed record SubnetRow(
    int Netuid,
    string? Name,
    string? Symbol,
    bool IsReferenceData,
    Figure TaoPerDay,
    Figure AnnualisedSubsidyUsd,
    Figure AnnualisedRevenueUsd,
    DateOnly? RevenueAsOf,
    string? RevenueSourceKind,
    bool RevenueStale,
    Figure SubsidyToRevenue,
    Figure PriceToSales,
    Figure AlphaMarketCapUsd,
    string Side = "tao");

public static class SubnetEndpoints
{
    private static readonly string[] s_csvHeader =
    [
        "netuid", "name", "symbol", "reference_data",
        .. Figure.Columns("tao_per_day"), .. Figure.Columns("annualised_subsidy_usd"), .. Figure.Columns("annualised_revenue_usd"),
        "revenue_as_of", "revenue_source_kind", "revenue_stale",
        .. Figure.Columns("subsidy_to_revenue"), .. Figure.Columns("price_to_sales"), .. Figure.Columns("alpha_market_cap_usd"),
        // Which side the subsidy columns are (tao or alpha): last, so the columns before it keep their places.
        "side",
    ];

    public static IEndpointRouteBuilder MapSubnetsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/subnets", async (int? window, string? format, string? side, ValuationQuery query, CancellationToken cancellationToken) =>
            {
                if (!ApiResults.TryWindow(window, out var days, out var problem) || !ApiResults.TryFormat(format, out var csv, out problem)
                    || !ApiResults.TrySide(side, out var subsidySide, out problem))
                {
                    return problem!;
                }

                var rows = Rows(await query.LatestAsync(new ValuationOptions { WindowDays = days }, cancellationToken: cancellationToken), subsidySide);
                return csv ? ApiResults.Csv("subnets.csv", s_csvHeader, rows.Select(Cells)) : TypedResults.Ok(rows);
            })
            .WithName("GetSubnets")
            .WithSummary("Every subnet's annualised subsidy (side=tao|alpha, default tao), external revenue (with as-of, source kind, stale flag), multiples and alpha market cap.");
        return endpoints;
    }

    public static IReadOnlyList<SubnetRow> Rows(LatestValuation latest, SubsidySide side = SubsidySide.TaoSide)
    {
        ArgumentNullException.ThrowIfNull(latest);
        var sideText = ApiResults.SideText(side);
        return [.. latest.Subnets.Select(label =>
        {
            if (latest.AsOf is not { } asOf || latest.Result?.Subnet(label.Netuid) is not { } series)
            {
                var none = Figure.From(Metric.Missing(MissingReason.NoSnapshot));
                return new SubnetRow(label.Netuid, label.Name, label.Symbol, label.IsReferenceData, none, none, none, null, null, false, none, none, none, sideText);
            }

            var v = series.At(asOf);
            var sided = v.For(side);
            return new SubnetRow(label.Netuid, label.Name, label.Symbol, label.IsReferenceData,
                Figure.From(v.TaoSideTaoPerDay),
                Figure.From(sided.AnnualisedUsd),
                Figure.From(v.Revenue.Annualised),
                v.Revenue.AsOf,
                v.Revenue.SourceType?.ToString(),
                v.Revenue.IsStale,
                Figure.From(sided.SubsidyToRevenue),
                Figure.From(v.PriceToSales),
                Figure.From(v.MarketCapUsd),
                sideText);
        })];
    }

    private static IEnumerable<CsvCell> Cells(SubnetRow r) =>
    [
        CsvCell.Number(r.Netuid), CsvCell.Text(r.Name), CsvCell.Text(r.Symbol), CsvCell.Text(r.IsReferenceData ? "true" : "false"),
        .. r.TaoPerDay.Cells(), .. r.AnnualisedSubsidyUsd.Cells(), .. r.AnnualisedRevenueUsd.Cells(),
        CsvCell.Text(r.RevenueAsOf?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), CsvCell.Text(r.RevenueSourceKind), CsvCell.Text(r.RevenueStale ? "true" : "false"),
        .. r.SubsidyToRevenue.Cells(), .. r.PriceToSales.Cells(), .. r.AlphaMarketCapUsd.Cells(), CsvCell.Text(r.Side),
    ];
}
