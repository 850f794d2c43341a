using TaoLens.Core.Text;

namespace TaoLens.Core.Tests;

public sealed class CsvWriterTests
{
    [Fact]
    public void Text_that_a_spreadsheet_would_run_is_neutralised_and_numbers_are_not()
    {
        var row = CsvWriter.Row([CsvCell.Text("=HYPERLINK(\"x\")"), CsvCell.Text("@cmd"), CsvCell.Text("-2+3"), CsvCell.Number(-2.5m), CsvCell.Number((long?)null)]);

        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",'@cmd,'-2+3,-2.5,", row);
    }

    [Fact]
    public void Cells_with_separators_are_quoted_and_round_trip_through_an_independent_reader()
    {
        var line = CsvWriter.Row([CsvCell.Text("a,b"), CsvCell.Text("say \"hi\""), CsvCell.Text("two\nlines"), CsvCell.Number(42L)]);

        using var reader = CsvHelper.CsvReader.FromText(line, new CsvHelper.CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            MalformedData = CsvHelper.CsvMalformedDataHandling.Throw,
        });

        Assert.True(reader.Read());
        Assert.Equal(["a,b", "say \"hi\"", "two\nlines", "42"], reader.Current.ToArray());
        Assert.False(reader.Read());
    }
}
