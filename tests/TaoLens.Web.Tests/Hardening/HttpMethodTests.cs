using System.Net;

namespace TaoLens.Web.Tests.Hardening;

public sealed class HttpMethodTests
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/")]
    [InlineData("/compare?netuids=1")]
    [InlineData("/api/v1/subnets")]
    [InlineData("/api/v1/network")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Head_answers_wherever_get_does_with_no_body(string path)
    {
        await using var app = await HostApp.StartAsync();
        var client = app.CreateClient();
        using var get = await client.GetAsync(Url(path));

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url(path)));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Another_method_on_an_api_get_endpoint_is_a_405_problem_with_allow(string method)
    {
        await using var app = await HostApp.StartAsync();

        using var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), Url("/api/v1/subnets")));

        await Problems.AssertProblemAsync(response, 405);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/compare?netuids=1")]
    [InlineData("/healthz")]
    public async Task A_post_to_a_page_is_405_with_allow(string path)
    {
        await using var app = await HostApp.StartAsync();

        using var response = await app.CreateClient().PostAsync(Url(path), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }
}
