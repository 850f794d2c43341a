using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaoLens.EndToEnd.Tests;

[Collection(BrowserSuite.Name)]
public sealed class ContentSecurityPolicyTests(ChromiumFixture chromium, ReferenceAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task Under_the_policy_the_chart_draws_and_an_injected_inline_script_does_not_run()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/subnets/64");

        // Plotly, the import map and the Blazor circuit all work under the policy: no violation reaches the console.
        await Charts.WaitUntilDrawnAsync(page);
        session.AssertNoErrors();

        // What markup injected into a page would try: an inline script, which the policy refuses.
        var ran = await page.EvaluateAsync<bool>(
            """
            () => {
                window.__injected = false;
                const script = document.createElement('script');
                script.textContent = 'window.__injected = true;';
                document.body.appendChild(script);
                return window.__injected;
            }
            """);
        Assert.False(ran);
    }
}
