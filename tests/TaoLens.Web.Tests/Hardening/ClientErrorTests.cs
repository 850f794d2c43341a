using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaoLens.Web.Tests.Hardening;

public sealed class ClientErrorTests
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/subnets")]
    public async Task An_empty_host_header_is_a_400_logged_in_one_line(string path)
    {
        await using var app = await HostApp.StartAsync();

        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Request.Host = new HostString("");
        });

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        AssertNoStackTraces(app.Log);
        Assert.Contains(app.Log.Entries, e => e.Message.Contains("Host", StringComparison.Ordinal) && e.Level <= LogLevel.Information);
    }

    [Fact]
    public async Task Bad_requests_are_logged_in_one_line_without_a_stack_trace()
    {
        await using var app = await HostApp.StartAsync();
        var client = app.CreateClient();

        using var unbindable = await client.GetAsync(Url("/api/v1/subnets?window=7&window=30"));
        using var post = await client.PostAsync(Url("/"), new FormUrlEncodedContent([]));
        using var unknown = await client.GetAsync(Url("/api/v1/no-such-thing"));

        Assert.Equal(HttpStatusCode.BadRequest, unbindable.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertNoStackTraces(app.Log);
    }

    private static void AssertNoStackTraces(CapturedLog log)
    {
        var traced = log.Entries.Where(e => e.Exception is not null || e.Message.Contains("\n   at ", StringComparison.Ordinal)).ToList();
        Assert.True(traced.Count == 0, "Logged with a stack trace:\n" + string.Join("\n", traced.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}")));
    }
}
