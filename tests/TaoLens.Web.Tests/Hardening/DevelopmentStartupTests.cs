using System.Net;

namespace TaoLens.Web.Tests.Hardening;

/// <summary>
/// The README's first command runs the app in Development (launchSettings.json), where the container validates every
/// service's lifetime when it is built and when a service is resolved: a scoped service taken from the root provider
/// stops the app there, though Production (every other test host) lets it pass.
/// </summary>
public sealed class DevelopmentStartupTests
{
    [Fact]
    public async Task The_app_starts_and_serves_in_development_where_service_lifetimes_are_validated()
    {
        await using var app = await HostApp.StartAsync(environment: "Development");
        using var client = app.CreateClient();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
