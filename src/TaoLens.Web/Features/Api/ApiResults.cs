using System.Text;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Api;

/// <summary>Parameter checks and output formats shared by the read API.</summary>
public static class ApiResults
{
    public static readonly IReadOnlyList<int> Windows = [7, 30, 90];

    /// <summary>The window in days (default 30), or a 400 problem naming the parameter.</summary>
    public static bool TryWindow(int? window, out int days, out IResult? problem)
    {
        days = window ?? 30;
        problem = Windows.Contains(days) ? null : Invalid("window", $"window must be one of {string.Join(", ", Windows)} (days); got {window}.");
        return problem is null;
    }

    /// <summary>The subsidy side from <c>side=tao|alpha</c> (default tao), or a 400 problem naming the parameter.</summary>
    public static bool TrySide(string? side, out SubsidySide value, out IResult? problem)
    {
        var parsed = ParseSide(side);
        value = parsed ?? SubsidySide.TaoSide;
        problem = side is null || parsed is not null ? null : Invalid("side", "side must be tao or alpha.");
        return problem is null;
    }

    /// <summary><c>tao</c> or <c>alpha</c> (any case) as a side; anything else is null. Pages fall back to the TAO side.</summary>
    public static SubsidySide? ParseSide(string? side) =>
        string.Equals(side, "tao", StringComparison.OrdinalIgnoreCase) ? SubsidySide.TaoSide
        : string.Equals(side, "alpha", StringComparison.OrdinalIgnoreCase) ? SubsidySide.AlphaSide
        : null;

    /// <summary>The URL value of a side: <c>tao</c> or <c>alpha</c>.</summary>
    public static string SideText(SubsidySide side) => side == SubsidySide.AlphaSide ? "alpha" : "tao";

    /// <summary>How pages name a side in prose: <c>TAO side</c> or <c>alpha side</c>.</summary>
    public static string SideName(SubsidySide side) => side == SubsidySide.AlphaSide ? "alpha side" : "TAO side";

    /// <summary>JSON unless <c>format=csv</c>; any other format is a 400 naming the parameter.</summary>
    public static bool TryFormat(string? format, out bool csv, out IResult? problem)
    {
        csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        problem = format is null || csv || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            ? null
            : Invalid("format", "format must be json or csv.");
        return problem is null;
    }

    public static IResult Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, title: $"Invalid parameter '{parameter}'");

    public static IResult Csv(string fileName, IEnumerable<string> header, IEnumerable<IEnumerable<CsvCell>> rows)
    {
        var text = new StringBuilder().AppendLine(CsvWriter.Header(header));
        foreach (var row in rows)
        {
            text.AppendLine(CsvWriter.Row(row));
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", fileName);
    }
}
