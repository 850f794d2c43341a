using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Api;

/// <summary>
/// Reads an API call's query parameters, bound as raw text so that nothing malformed fails in binding. Each read
/// notes what is wrong and gives the default; <see cref="Problem"/> is then one 400 naming every bad parameter.
/// A repeated parameter arrives joined with commas and is refused like any other malformed value.
/// </summary>
public sealed class QueryParameters
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    /// <summary>A 400 problem naming every bad parameter read so far, or null when all were good.</summary>
    public ValidationProblem? Problem => _errors.Count == 0
        ? null
        : TypedResults.ValidationProblem(_errors, title: $"Invalid parameter{(_errors.Count == 1 ? "" : "s")} {string.Join(", ", _errors.Keys.Select(k => $"'{k}'"))}");

    /// <summary>One bad parameter as a 400 problem.</summary>
    public static ValidationProblem Invalid(string parameter, string message)
    {
        var parameters = new QueryParameters();
        parameters.Fail(parameter, message);
        return parameters.Problem!;
    }

    public void Fail(string parameter, string message) => _errors[parameter] = [message];

    /// <summary>The window in days (default 30).</summary>
    public int Window(string? text)
    {
        if (text is null)
        {
            return ValuationOptions.DefaultWindowDays;
        }

        if (ValuationParameters.ParseWindow(text) is { } days)
        {
            return days;
        }

        Fail("window", $"window must be one of {string.Join(", ", ValuationParameters.Windows)} (days), given once; got '{text}'.");
        return ValuationOptions.DefaultWindowDays;
    }

    /// <summary>The subsidy side from <c>side=tao|alpha</c> (default tao).</summary>
    public SubsidySide Side(string? text)
    {
        if (text is null)
        {
            return SubsidySide.TaoSide;
        }

        if (ValuationParameters.ParseSide(text) is { } side)
        {
            return side;
        }

        Fail("side", "side must be tao or alpha, given once.");
        return SubsidySide.TaoSide;
    }

    /// <summary>True for <c>format=csv</c>; JSON when absent or <c>json</c>.</summary>
    public bool Csv(string? format)
    {
        if (format is null || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Fail("format", "format must be json or csv, given once.");
        return false;
    }

    /// <summary>For endpoints whose answer is not a table: <c>format=json</c> or nothing.</summary>
    public void JsonOnly(string? format)
    {
        if (format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            Fail("format", "format must be json: this answer is nested, not a table, so there is no CSV of it.");
        }
    }

    /// <summary>A netuid from the route: a whole number from 0 to 65535.</summary>
    public int Netuid(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var netuid) && netuid <= ushort.MaxValue)
        {
            return netuid;
        }

        Fail("netuid", "netuid must be a whole number from 0 to 65535.");
        return 0;
    }

    /// <summary>An optional day (YYYY-MM-DD, within <see cref="ValuationParameters.DayRangeText"/>).</summary>
    public DateOnly? Day(string? text, string parameter)
    {
        if (text is null)
        {
            return null;
        }

        if (ValuationParameters.TryParseDay(text, parameter, out var day, out var error))
        {
            return day;
        }

        Fail(parameter, error!);
        return null;
    }

    /// <summary>One of <paramref name="allowed"/>, required.</summary>
    public string? OneOf(string? text, string parameter, IEnumerable<string> allowed)
    {
        var names = allowed.ToList();
        if (text is not null && names.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        Fail(parameter, $"{parameter} must be one of: {string.Join(", ", names)}.");
        return null;
    }
}
