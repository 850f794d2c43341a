using Microsoft.Playwright;

namespace TaoLens.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the whole collection: Debian's /usr/bin/chromium, because Playwright's own browser download
/// needs the internet. Each test opens its own context and page from it (<see cref="PageSession"/>).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Where the browser is; TAOLENS_CHROMIUM overrides it.</summary>
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("TAOLENS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] s_arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // Even with the flags above Chromium looks up Google hosts (autofill, accounts, updates); the tests need loopback only.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not been started.");

    public async Task InitializeAsync()
    {
        // A missing browser must fail every test with a clear message, never skip them.
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}: install it with 'apt-get install -y chromium' (or set TAOLENS_CHROMIUM).");
        }

        // Waits on a page or locator are bounded, never asserted on: the first chart also loads plotly.js (4 MB).
        Assertions.SetDefaultExpectTimeout(20_000);
        // The driver is the node build inside the NuGet package (.playwright/ in the output); with ExecutablePath set it
        // never looks for, or downloads, a browser of its own.
        _playwright = await Playwright.CreateAsync();
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = s_arguments,
            });
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"Chromium at {ExecutablePath} did not start: {ex.Message}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
