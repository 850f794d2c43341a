using System.Text.Json;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>A metric as the API gives it: <c>{low, base, high}</c>, or nulls and the reason it is missing.</summary>
public sealed record Figure(decimal? Low, decimal? Base, decimal? High, string? Reason)
{
    public static Figure From(Metric metric) =>
        new(metric.Low, metric.Base, metric.High, metric.HasValue ? null : Code(metric.Reason));

    /// <summary>The reason as a camelCase code, e.g. <c>noRevenueData</c> (docs/metrics.md lists them).</summary>
    public static string Code(MissingReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    public IEnumerable<CsvCell> Cells() => [CsvCell.Number(Low), CsvCell.Number(Base), CsvCell.Number(High), CsvCell.Text(Reason)];

    public static IEnumerable<string> Columns(string name) => [$"{name}_low", $"{name}_base", $"{name}_high", $"{name}_reason"];
}
