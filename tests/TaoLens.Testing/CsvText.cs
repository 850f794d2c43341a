using System.Globalization;
using CsvHelper;

namespace TaoLens.Testing;

/// <summary>Reads CSV the app serves or ships, with CsvHelper (the product's reader), for assertions.</summary>
public static class CsvText
{
    private static readonly CsvReaderOptions Rfc4180 = new()
    {
        Separator = ',',
        HasHeader = false,
        FormatProvider = CultureInfo.InvariantCulture,
        MalformedData = CsvMalformedDataHandling.Throw,
    };

    /// <summary>Every row, the header included, as raw cells.</summary>
    public static List<string[]> Rows(string csv)
    {
        using var reader = CsvReader.FromText(csv, Rfc4180);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Current.ToArray());
        }

        return rows;
    }

    /// <summary>The records after the header, each cell keyed by its column name.</summary>
    public static List<Dictionary<string, string>> Records(string csv)
    {
        var rows = Rows(csv);
        return [.. rows.Skip(1).Select(row => rows[0].Zip(row).ToDictionary(c => c.First, c => c.Second, StringComparer.Ordinal))];
    }
}
