using System.Text;

namespace TaoLens.Core.Text;

/// <summary>An RFC 4180 CSV reader: quoted fields, doubled quotes, line breaks inside quotes. Cells are returned raw, never interpreted.</summary>
public static class Csv
{
    /// <summary>Reads a header row and then records keyed by header name; a record with a different cell count is an error naming its line.</summary>
    public static IEnumerable<CsvRecord> ReadRecords(TextReader reader)
    {
        using var rows = ReadRows(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            yield break;
        }

        var header = rows.Current.Cells;
        var index = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.Cells.Count != header.Count)
            {
                throw new FormatException($"CSV line {row.Line}: {row.Cells.Count} cells where the header has {header.Count}.");
            }

            yield return new CsvRecord(row.Line, row.Cells, index);
        }
    }

    /// <summary>Reads raw rows; blank lines are skipped.</summary>
    public static IEnumerable<(int Line, IReadOnlyList<string> Cells)> ReadRows(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var inQuotes = false;
        var cellStarted = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        cell.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    cell.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when !cellStarted:
                    inQuotes = true;
                    cellStarted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (cells.Count > 0 || cellStarted || cell.Length > 0)
                    {
                        cells.Add(cell.ToString());
                        yield return (rowLine, cells.ToArray());
                    }

                    cells.Clear();
                    cell.Clear();
                    cellStarted = false;
                    line++;
                    rowLine = line;
                    break;
                default:
                    cell.Append(ch);
                    cellStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new FormatException($"CSV line {rowLine}: a quoted cell is never closed.");
        }

        if (cells.Count > 0 || cellStarted || cell.Length > 0)
        {
            cells.Add(cell.ToString());
            yield return (rowLine, cells.ToArray());
        }
    }
}

/// <summary>One CSV record, its cells looked up by header name.</summary>
public sealed class CsvRecord(int line, IReadOnlyList<string> cells, IReadOnlyDictionary<string, int> index)
{
    public int Line { get; } = line;

    /// <summary>The cell under <paramref name="column"/>; an absent column is an error naming it.</summary>
    public string this[string column] => index.TryGetValue(column, out var i)
        ? cells[i]
        : throw new FormatException($"CSV line {Line}: no column '{column}'.");

    /// <summary>The cell, or null when it is empty.</summary>
    public string? Optional(string column) => this[column] is { Length: > 0 } value ? value : null;
}
