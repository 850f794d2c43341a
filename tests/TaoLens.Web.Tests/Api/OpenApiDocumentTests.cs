using System.Text.Json;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Api;

/// <summary>The OpenAPI document describes every answer an endpoint can give, errors included.</summary>
public sealed class OpenApiDocumentTests(EmptyApp fixture) : IClassFixture<EmptyApp>
{
    [Theory]
    [InlineData("/api/v1/network", "NetworkHeadline", true, false)]
    [InlineData("/api/v1/subnets", "SubnetRow", true, false)]
    [InlineData("/api/v1/subnets/{netuid}", "SubnetDetail", false, true)]
    [InlineData("/api/v1/subnets/{netuid}/series", "SeriesPoint", true, true)]
    [InlineData("/api/v1/events", "MechanismEventView", true, false)]
    [InlineData("/api/v1/ingestion/runs", "IngestionOverview", false, false)]
    public async Task Each_endpoint_documents_its_answer_its_400_problem_and_its_404_problem(string path, string schema, bool csv, bool notFound)
    {
        using var json = JsonDocument.Parse(await fixture.App.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var responses = json.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");

        var ok = responses.GetProperty("200").GetProperty("content");
        Assert.Contains($"#/components/schemas/{schema}", ok.GetProperty("application/json").GetProperty("schema").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(csv, ok.TryGetProperty("text/csv", out _));
        Assert.Equal("#/components/schemas/HttpValidationProblemDetails",
            responses.GetProperty("400").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal(notFound, responses.TryGetProperty("404", out var missing));
        if (notFound)
        {
            Assert.Equal("#/components/schemas/ProblemDetails", missing.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        // Every record an answer names has its schema in the document.
        Assert.True(json.RootElement.GetProperty("components").GetProperty("schemas").TryGetProperty(schema, out _), schema);
    }
}
