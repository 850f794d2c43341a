using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TaoLens.Core.Text;

namespace TaoLens.Web.Api;

/// <summary>The API's CSV answers (<c>?format=csv</c>): a header row, then one row per record, cells escaped by <see cref="CsvWriter"/>.</summary>
public static class CsvFile
{
    public const string ContentType = "text/csv";

    public static FileContentHttpResult Create(string fileName, IEnumerable<string> header, IEnumerable<IEnumerable<CsvCell>> rows)
    {
        var text = new StringBuilder().AppendLine(CsvWriter.Header(header));
        foreach (var row in rows)
        {
            text.AppendLine(CsvWriter.Row(row));
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), $"{ContentType}; charset=utf-8", fileName);
    }

    /// <summary>Declares the CSV answer in the OpenAPI document beside the JSON one.</summary>
    public static RouteHandlerBuilder ProducesCsv(this RouteHandlerBuilder builder) =>
        builder.Produces<string>(StatusCodes.Status200OK, ContentType);
}
