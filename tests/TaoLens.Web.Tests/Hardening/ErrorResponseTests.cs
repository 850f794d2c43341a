using System.Net;
using Microsoft.EntityFrameworkCore;

namespace TaoLens.Web.Tests.Hardening;

public sealed class ErrorResponseTests
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem()
    {
        await using var app = await HostApp.StartAsync();

        using var response = await app.CreateClient().GetAsync(Url("/api/v1/no-such-thing"));

        await Problems.AssertProblemAsync(response, 404);
    }

    [Fact]
    public async Task An_api_problem_is_json_even_when_the_client_asks_for_html()
    {
        await using var app = await HostApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/api/v1/no-such-thing"));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await app.CreateClient().SendAsync(request);

        await Problems.AssertProblemAsync(response, 404);
    }

    [Fact]
    public async Task An_api_fault_is_a_500_problem_with_a_trace_id_and_no_exception_text()
    {
        await using var app = await HostApp.StartAsync();
        await using (var db = app.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE ingestion_runs");
        }

        using var response = await app.CreateClient().GetAsync(Url("/api/v1/ingestion/runs"));

        var problem = await Problems.AssertProblemAsync(response, 500);
        var text = problem.ToString();
        Assert.DoesNotContain("ingestion_runs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        // The fault itself is logged with its stack trace, under the trace id the client was given.
        Assert.Contains(app.Log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Exception is not null);
    }

    [Fact]
    public async Task A_page_fault_is_a_500_error_page()
    {
        await using var app = await HostApp.StartAsync();
        await using (var db = app.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE ingestion_runs");
        }

        using var response = await app.CreateClient().GetAsync(Url("/ingestion"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ingestion_runs", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parameter_that_cannot_be_bound_is_a_400_problem_naming_it()
    {
        await using var app = await HostApp.StartAsync();

        using var response = await app.CreateClient().GetAsync(Url("/api/v1/subnets?window=7&window=30"));

        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.Contains("window", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_page_is_a_404_not_found_page()
    {
        await using var app = await HostApp.StartAsync();

        using var response = await app.CreateClient().GetAsync(Url("/no-such-page"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
