using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TaoLens.Core.Text;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Claims;

/// <summary><c>GET /claims</c>: every published claim beside TaoLens's measurement; the <c>/claims</c> page and the subnet page read the same query.</summary>
public static class ClaimsFeature
{
    private static readonly string[] s_csvHeader =
    [
        "source", "record_id", "netuid", "covers_netuids", "subject", "quantity", "unit", "from", "to", "claimed_low", "claimed_base", "claimed_high",
        "source_name", "source_url", "source_kind", "published_at", "reference_data",
        "measured_on", "gap_days", .. Figure.Columns("measured"), .. Figure.Columns("ratio"), "verdict", "verdict_text", "factor", "quote", "note",
    ];

    public static IServiceCollection AddClaims(this IServiceCollection services) => services.AddScoped<ClaimsQuery>();

    public static IEndpointRouteBuilder MapClaims(this IEndpointRouteBuilder api)
    {
        api.MapGet("/claims", GetAsync)
            .ProducesCsv()
            .WithName("GetClaims")
            .WithSummary("Every published claim (revenue entries and other figures: annual subsidy, market cap, FDV, multiples) beside TaoLens's own measurement at the nearest day within 30 days, measured ÷ claimed and the verdict; netuid= keeps one subnet's claims.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ClaimRow>>, FileContentHttpResult, ValidationProblem>> GetAsync(
        string? netuid, string? format, ClaimsQuery query, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        int? only = netuid is null ? null : parameters.Netuid(netuid);
        var csv = parameters.Csv(format);
        if (parameters.Problem is { } problem)
        {
            return problem;
        }

        var rows = await query.ListAsync(only, cancellationToken);
        return csv ? CsvFile.Create("claims.csv", s_csvHeader, rows.Select(Cells)) : TypedResults.Ok(rows);
    }

    private static IEnumerable<CsvCell> Cells(ClaimRow r) =>
    [
        CsvCell.Text(r.Source), CsvCell.Number(r.RecordId), r.Netuid is { } n ? CsvCell.Number(n) : CsvCell.Text(null),
        CsvCell.Text(r.CoversNetuids is { } covers ? string.Join(';', covers) : null), CsvCell.Text(r.Subject), CsvCell.Text(r.Quantity), CsvCell.Text(r.Unit),
        CsvCell.Text(Day(r.From)), CsvCell.Text(Day(r.To)), CsvCell.Number(r.ClaimedLow), CsvCell.Number(r.ClaimedBase), CsvCell.Number(r.ClaimedHigh),
        CsvCell.Text(r.SourceName), CsvCell.Text(r.SourceUrl), CsvCell.Text(r.SourceKind),
        CsvCell.Text(r.PublishedAt?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), CsvCell.Text(r.IsReferenceData ? "true" : "false"),
        CsvCell.Text(r.MeasuredOn is { } on ? Day(on) : null), r.GapDays is { } gap ? CsvCell.Number(gap) : CsvCell.Text(null),
        .. r.Measured.Cells(), .. r.Ratio.Cells(), CsvCell.Text(r.Verdict), CsvCell.Text(r.VerdictText), CsvCell.Number(r.Factor),
        CsvCell.Text(r.Quote), CsvCell.Text(r.Note),
    ];

    private static string Day(DateOnly day) => ValuationParameters.Text(day);
}
