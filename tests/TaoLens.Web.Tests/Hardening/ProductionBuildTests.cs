using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using TaoLens.Testing;

namespace TaoLens.Web.Tests.Hardening;

/// <summary>
/// The build output run as an operator runs it (<c>dotnet TaoLens.Web.dll</c> in Production, no launch profile): the
/// pages' script, Plotly and CSS come from the build's static web assets, which a publish would copy into wwwroot.
/// </summary>
public sealed partial class ProductionBuildTests
{
    [Fact]
    public async Task The_build_output_in_production_serves_blazor_plotly_and_css()
    {
        await using var database = await TestDatabase.CreateAsync("production");
        await using var app = await BuildOutputProcess.StartAsync(database);
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, br");

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var css = Stylesheet().Match(html).Groups[1].Value;
        var plotly = PlotlyScript().Match(html).Groups[1].Value;
        Assert.NotEmpty(css);
        Assert.NotEmpty(plotly);

        foreach (var path in new[] { "/_framework/blazor.web.js", "/" + css, plotly })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}.");
            Assert.True(body.Length > 1000, $"{path} answered {body.Length} bytes.");
        }
    }

    [GeneratedRegex("""<link rel="stylesheet" href="([^"]+\.css)" """)]
    private static partial Regex Stylesheet();

    [GeneratedRegex("""\.(/_content/Plotly\.Blazor/[^"]*plotly[^"]*\.js)""")]
    private static partial Regex PlotlyScript();

    /// <summary>src/TaoLens.Web's own build output, started as a process on a free loopback port.</summary>
    private sealed class BuildOutputProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private BuildOutputProcess(Process process, Uri baseAddress)
        {
            _process = process;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public static async Task<BuildOutputProcess> StartAsync(TestDatabase database)
        {
            // The test's own output folder is bin/<Configuration>/<framework>: the app was built alongside it.
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var output = Path.Combine(RepositoryPaths.Root, "src", "TaoLens.Web", "bin", framework.Parent!.Name, framework.Name);
            var start = new ProcessStartInfo("dotnet", [Path.Combine(output, "TaoLens.Web.dll")])
            {
                WorkingDirectory = output,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            foreach (var (key, value) in TestAppSettings.For(database, referenceData: true))
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var lines = new List<string>();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    listening.TrySetException(new InvalidOperationException("The app exited:\n" + string.Join('\n', lines)));
                    return;
                }

                lock (lines)
                {
                    lines.Add(e.Data);
                }

                if (Listening().Match(e.Data) is { Success: true } match)
                {
                    listening.TrySetResult(new Uri(match.Groups[1].Value));
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (lines)
                {
                    lines.Add(e.Data ?? "");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                // A bound on waiting for start-up (migrations, reference data), not an assertion on speed.
                return new BuildOutputProcess(process, await listening.Task.WaitAsync(TimeSpan.FromMinutes(2)));
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
