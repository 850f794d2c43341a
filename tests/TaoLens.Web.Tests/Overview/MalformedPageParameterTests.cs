using System.Net;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Overview;

/// <summary>Pages read their query leniently: a malformed or repeated parameter falls back or is explained, never a 500.</summary>
public sealed class MalformedPageParameterTests(ReferenceApp fixture) : IClassFixture<ReferenceApp>
{
    [Theory]
    [InlineData("/?sort=abc&dir=sideways&side=beta&revenue=maybe")]
    [InlineData("/?sort=netuid&sort=name&side=tao&side=alpha&q=a&q=b")]
    [InlineData("/subnets/64?window=abc&side=&from=&to=")]
    [InlineData("/subnets/64?window=7&window=30&from=2025-10-01&from=2025-10-02")]
    [InlineData("/subnets/64?from=0001-01-01&to=9999-12-31&window=-1")]
    [InlineData("/compare?netuids=3&netuids=64&metric=taoPerDay&metric=x")]
    [InlineData("/compare?netuids=64&from=9999-12-31&to=0001-01-01")]
    [InlineData("/compare?netuids=64&from=2025-10-01&to=2025-10-01T00:00")]
    [InlineData("/ingestion?x=%00")]
    public async Task A_page_with_malformed_parameters_still_answers(string url)
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
