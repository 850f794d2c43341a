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
    public void Cells_with_separators_are_quoted_and_round_trip_through_the_reader()
    {
        var line = CsvWriter.Row([CsvCell.Text("a,b"), CsvCell.Text("say \"hi\""), CsvCell.Text("two\nlines"), CsvCell.Number(42L)]);

        var (_, cells) = Assert.Single(Csv.ReadRows(new StringReader(line)));

        Assert.Equal(["a,b", "say \"hi\"", "two\nlines", "42"], cells);
    }
}
