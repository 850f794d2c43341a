using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaoLens.LocalPostgres;

namespace TaoLens.Data.Tests.Embedded;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"taolens-launcher-{Guid.NewGuid():N}");

    private EmbeddedPostgresOptions Options(string name = "postgres") =>
        new() { DataDirectory = Path.Combine(_root, name), Durable = false };

    [Fact]
    public async Task First_start_creates_a_cluster_that_accepts_password_connections_on_loopback()
    {
        await using var pg = await EmbeddedPostgres.StartAsync(Options(), NullLogger.Instance);

        Assert.True(pg.StartedHere);
        Assert.True(File.Exists(Path.Combine(pg.DataDirectory, "PG_VERSION")));
        var builder = new NpgsqlConnectionStringBuilder(pg.ConnectionString);
        Assert.Equal("127.0.0.1", builder.Host);
        Assert.False(string.IsNullOrEmpty(builder.Password));
        Assert.Equal("taolens", await ScalarAsync<string>(pg.ConnectionString, "SELECT current_database()"));

        var wrongPassword = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Password = "wrong", Pooling = false }.ConnectionString;
        await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(wrongPassword, "SELECT 1"));
    }

    [Fact]
    public async Task The_server_runs_as_postgres_when_started_by_root_and_as_the_caller_otherwise()
    {
        // CI runs as root, so there this pins the root path; a developer's run pins the ordinary one.
        var expectedUser = Environment.IsPrivilegedProcess ? "postgres" : Environment.UserName;
        await using var pg = await EmbeddedPostgres.StartAsync(Options(), NullLogger.Instance);

        Assert.Equal(expectedUser, await RunAsync("stat", "-c", "%U", pg.DataDirectory));
        var pid = File.ReadLines(Path.Combine(pg.DataDirectory, "postmaster.pid")).First();
        Assert.Equal(expectedUser, await RunAsync("ps", "-o", "user=", "-p", pid));
    }

    [Fact]
    public async Task A_second_start_reuses_the_same_cluster_and_its_data()
    {
        var options = Options();
        await using (var first = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance))
        {
            await ScalarAsync<int>(first.ConnectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42); SELECT 1");
        }

        await using var second = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
        Assert.True(second.StartedHere);
        Assert.Equal(42, await ScalarAsync<int>(second.ConnectionString, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task A_cluster_left_running_by_another_process_is_reused_and_not_stopped()
    {
        var options = Options();
        await using var owner = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);

        var reuser = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
        Assert.False(reuser.StartedHere);
        Assert.Equal(owner.Port, reuser.Port);
        await reuser.StopAsync();

        Assert.Equal(1, await ScalarAsync<int>(owner.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task Missing_binaries_give_one_clear_line_saying_what_to_install_or_set()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "no-bin")).FullName;

        var configured = await Assert.ThrowsAsync<EmbeddedPostgresException>(() =>
            EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { BinDirectory = empty, DataDirectory = Path.Combine(_root, "x") }, NullLogger.Instance));
        Assert.Contains("ConnectionStrings__TaoLens", configured.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', configured.Message);

        var searched = Assert.Throws<EmbeddedPostgresException>(() => PostgresBinaries.Locate(null, empty, Path.Combine(_root, "no-such-root")));
        Assert.Contains("install PostgreSQL", searched.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__TaoLens", searched.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', searched.Message);
    }

    [Fact]
    public void Binaries_are_found_in_the_newest_versioned_folder_when_not_on_path()
    {
        var root = Path.Combine(_root, "lib");
        foreach (var version in new[] { "13", "16" })
        {
            var bin = Directory.CreateDirectory(Path.Combine(root, version, "bin")).FullName;
            foreach (var name in new[] { "initdb", "pg_ctl", "postgres" })
            {
                File.WriteAllText(Path.Combine(bin, name), "");
            }
        }

        Assert.Equal(Path.Combine(root, "16", "bin"), PostgresBinaries.Locate(null, "", root));
    }

    [Fact]
    public async Task A_non_empty_folder_that_is_not_a_cluster_is_refused_and_left_untouched()
    {
        var options = Options("occupied");
        Directory.CreateDirectory(options.DataDirectory!);
        var keep = Path.Combine(options.DataDirectory!, "notes.txt");
        await File.WriteAllTextAsync(keep, "mine");

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(options, NullLogger.Instance));

        Assert.Contains("is not a PostgreSQL cluster", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(keep));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
