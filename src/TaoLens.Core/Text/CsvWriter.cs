using System.Globalization;
using System.Text;

namespace TaoLens.Core.Text;

/// <summary>One CSV cell: text (untrusted, guarded against formulas) or a number (written as is).</summary>
public readonly record struct CsvCell(string? Value, bool IsNumber)
{
    public static CsvCell Text(string? value) => new(value, false);

    public static CsvCell Number(decimal? value) => new(value?.ToString(CultureInfo.InvariantCulture), true);

    public static CsvCell Number(long? value) => new(value?.ToString(CultureInfo.InvariantCulture), true);
}

/// <summary>
/// Writes RFC 4180 CSV rows. Cells are quoted when needed, and a text cell that a spreadsheet would run as a
/// formula (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe: exported names are untrusted.
/// </summary>
public static class CsvWriter
{
    public static string Row(IEnumerable<CsvCell> cells) => string.Join(',', cells.Select(Format));

    public static string Header(IEnumerable<string> names) => Row(names.Select(CsvCell.Text));

    private static string Format(CsvCell cell)
    {
        if (string.IsNullOrEmpty(cell.Value))
        {
            return "";
        }

        var text = !cell.IsNumber && cell.Value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell.Value : cell.Value;
        return text.AsSpan().IndexOfAny(",\"\r\n") < 0
            ? text
            : new StringBuilder(text.Length + 2).Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
