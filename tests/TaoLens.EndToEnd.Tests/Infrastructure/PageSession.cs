using System.Collections.Concurrent;
using Microsoft.Playwright;
using TaoLens.Testing;
using Xunit.Abstractions;

namespace TaoLens.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One test's browser context and page. It records what a person would not see but a broken page shows: uncaught
/// exceptions, console errors and failed responses from the app; <see cref="AssertNoErrors"/> fails the test on any.
/// </summary>
public sealed class PageSession : IAsyncDisposable
{
    /// <summary>Screenshots land here, at the repository root, so CI and people find them in one place.</summary>
    public static readonly string ScreenshotDirectory = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    private readonly IBrowserContext _context;
    private readonly ITestOutputHelper _output;
    private readonly ConcurrentQueue<string> _errors = new();

    private PageSession(IBrowserContext context, IPage page, ITestOutputHelper output)
    {
        _context = context;
        _output = output;
        Page = page;
        page.PageError += (_, error) => _errors.Enqueue($"uncaught exception: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _errors.Enqueue($"HTTP {response.Status} for {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>A laptop-sized page by default; <paramref name="viewport"/> for a phone; <paramref name="timeZone"/> (IANA) for the browser's clock.</summary>
    public static async Task<PageSession> OpenAsync(IBrowser browser, Uri baseAddress, ITestOutputHelper output, ViewportSize? viewport = null, string? timeZone = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
            TimezoneId = timeZone,
        });
        // A bound on waiting, not an assertion on speed: a broken page fails in 20 s instead of Playwright's 30.
        context.SetDefaultTimeout(20_000);
        return new PageSession(context, await context.NewPageAsync(), output);
    }

    /// <summary>A full-page screenshot as artifacts/screenshots/<paramref name="name"/>.png; its path goes to the test output.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
        return path;
    }

    public void AssertNoErrors() =>
        Assert.True(_errors.IsEmpty, $"The page at {Page.Url} reported errors:\n{string.Join('\n', _errors)}");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
