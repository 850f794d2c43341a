using System.Net;
using System.Text.Json;
using TaoLens.Testing;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Api;

/// <summary>Whatever a caller writes in a parameter, the API answers a problem naming it, never an HTML page or a 500.</summary>
public sealed class MalformedParameterTests(EmptyApp fixture) : IClassFixture<EmptyApp>
{
    // Every endpoint with a valid base query, and the parameters it reads.
    private static readonly (string Url, string[] Parameters)[] s_endpoints =
    [
        ("/api/v1/network?x=1", ["window", "side", "format"]),
        ("/api/v1/subnets?x=1", ["window", "side", "format"]),
        ("/api/v1/subnets/64?x=1", ["window", "side", "format"]),
        ("/api/v1/subnets/64/series?metric=taoPerDay", ["window", "format", "from", "to"]),
        ("/api/v1/events?x=1", ["format"]),
        ("/api/v1/ingestion/runs?x=1", ["format"]),
    ];

    // Malformed values of each parameter: unparseable, out of range, repeated.
    private static readonly Dictionary<string, string[]> s_malformed = new(StringComparer.Ordinal)
    {
        ["window"] = ["window=abc", "window=7&window=30", "window=14", "window=", "window=99999999999"],
        ["side"] = ["side=beta", "side=tao&side=alpha", "side="],
        ["format"] = ["format=xml", "format=csv&format=json", "format=json&format=json"],
        ["from"] = ["from=abc", "from=0001-01-01", "from=1999-12-31", "from=2025-02-30", "from=2025-10-01&from=2025-10-02"],
        ["to"] = ["to=9999-12-31", "to=2101-01-01", "to=20251027", "to=2025-10-27T00:00"],
    };

    public static TheoryData<string, string> EveryEndpointAndMalformedParameter()
    {
        var data = new TheoryData<string, string>();
        foreach (var (url, parameters) in s_endpoints)
        {
            foreach (var parameter in parameters)
            {
                foreach (var query in s_malformed[parameter])
                {
                    data.Add($"{url}&{query}", parameter);
                }
            }
        }

        // Route and required parameters, and formats only some endpoints refuse.
        data.Add("/api/v1/subnets/abc", "netuid");
        data.Add("/api/v1/subnets/-1", "netuid");
        data.Add("/api/v1/subnets/70000/series?metric=taoPerDay", "netuid");
        data.Add("/api/v1/subnets/64/series", "metric");
        data.Add("/api/v1/subnets/64/series?metric=nonsense", "metric");
        data.Add("/api/v1/subnets/64/series?metric=taoPerDay&metric=taoPerDay", "metric");
        data.Add("/api/v1/subnets/64?format=csv", "format");
        data.Add("/api/v1/ingestion/runs?format=csv", "format");
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEndpointAndMalformedParameter))]
    public async Task A_malformed_parameter_is_a_400_problem_naming_it(string url, string parameter)
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), body);
    }

    [Fact]
    public async Task A_date_out_of_range_is_refused_with_the_accepted_range()
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri("/api/v1/subnets/64/series?metric=taoPerDay&from=0001-01-01", UriKind.Relative));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("from must be between 2000-01-01 and 2100-12-31; got 0001-01-01.", problem.RootElement.GetProperty("errors").GetProperty("from")[0].GetString());
    }

    [Fact]
    public async Task Every_malformed_parameter_of_one_request_is_named_at_once()
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri("/api/v1/subnets?window=abc&side=beta&format=xml", UriKind.Relative));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(["format", "side", "window"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Events_are_served_as_csv()
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri("/api/v1/events?format=csv", UriKind.Relative));
        var rows = CsvText.Rows(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["key", "date", "precision", "title", "description", "effects", "source"], rows[0]);
        var launch = rows.Single(r => r[0] == "dtao-launch");
        Assert.Equal(["2025-02-13", "Exact"], launch.Skip(1).Take(2));
    }

    [Theory]
    [InlineData("/api/v1/subnets/64?format=json")]
    [InlineData("/api/v1/ingestion/runs?format=JSON")]
    [InlineData("/api/v1/events?format=json")]
    public async Task Format_json_is_accepted_where_csv_is_refused(string url)
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        // Subnet 64 is not in the empty database: a 404, not a 400 about the format.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound });
    }
}
