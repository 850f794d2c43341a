using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
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

    /// <summary>
    /// Declares the CSV answer in the OpenAPI document beside the JSON one. A file result carries no metadata, and a
    /// second <c>Produces</c> for 200 would replace the JSON schema, so the CSV media type is added to the 200 response.
    /// </summary>
    public static RouteHandlerBuilder ProducesCsv(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
            {
                content[ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "CSV with a header row (format=csv)." } };
            }

            return Task.CompletedTask;
        });
}
