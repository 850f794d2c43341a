using System.Diagnostics;

namespace TaoLens.Web.Tests.Operators;

/// <summary>The real executable run as an operator runs it: exit codes, what it prints, and what it leaves on disk.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"taolens-cli-{Guid.NewGuid():N}");

    private string DataDirectory => Path.Combine(_root, "postgres");

    [Theory]
    [InlineData("Commands: migrate, ingest, users, digest, help", "migrat")]
    [InlineData("Unknown source 'nope'. Sources: chain (or Subtensor", "ingest", "nope")]
    [InlineData("--from 'someday' is not a date", "ingest", "chain", "--from", "someday")]
    public async Task A_bad_command_exits_2_saying_what_is_valid_before_any_database_exists(string expected, params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.StandardError, StringComparison.Ordinal);
        Assert.Contains("usage:", run.StandardError, StringComparison.Ordinal);
        Assert.Equal("", run.StandardOutput);
        Assert.False(Directory.Exists(_root), "a bad command must not create the embedded cluster");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("migrate", "--help")]
    [InlineData("ingest", "--help")]
    public async Task Help_prints_usage_and_exits_0_having_started_nothing(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("usage:", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", run.StandardError);
        Assert.False(Directory.Exists(_root), "help must not create the embedded cluster");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("ingest", "--help")]
    public async Task Help_names_the_chain_source_by_both_its_names(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Contains("chain (or Subtensor, its name in configuration: Sources:Subtensor)", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_starts_the_embedded_cluster_migrates_it_and_stops_it_on_exit()
    {
        var run = await RunAsync("migrate");

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("Database schema is up to date.", run.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DataDirectory, "PG_VERSION")));
        Assert.False(File.Exists(Path.Combine(DataDirectory, "postmaster.pid")), "the cluster must be stopped when the command ends");
    }

    public void Dispose()
    {
        // A failed run may leave its server behind: stop it before deleting its folder.
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid))
        {
            using var server = Process.GetProcessById(pid);
            server.Kill();
            server.WaitForExit();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TaoLens.Web.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Its own embedded cluster, no reference data, no live source: whatever the machine has configured.
        info.ArgumentList.Add($"--Database:Embedded:DataDirectory={DataDirectory}");
        info.ArgumentList.Add("--ReferenceData:Enabled=false");
        info.Environment.Remove("ConnectionStrings__TaoLens");
        info.Environment["Logging__LogLevel__Default"] = "Warning";

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{string.Join(' ', args)}' did not exit (is it serving?): {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
