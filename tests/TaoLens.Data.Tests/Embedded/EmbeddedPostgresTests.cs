using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TaoLens.LocalPostgres;

namespace TaoLens.Data.Tests.Embedded;

// The launcher runs on Linux and macOS only.
[UnsupportedOSPlatform("windows")]
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"taolens-launcher-{Guid.NewGuid():N}");
    private readonly List<string> _mounts = [];

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
    public async Task Two_instances_share_one_cluster_which_stays_up_until_the_last_one_stops()
    {
        var options = Options();
        var first = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
        var second = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
        Assert.True(first.StartedHere);
        Assert.False(second.StartedHere);

        await first.StopAsync();
        Assert.Equal(1, await ScalarAsync<int>(Unpooled(second.ConnectionString), "SELECT 1"));

        await second.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(Unpooled(second.ConnectionString), "SELECT 1"));
        Assert.False(File.Exists(Path.Combine(options.DataDirectory!, "postmaster.pid")));
    }

    [Fact]
    public async Task A_non_empty_folder_that_is_not_a_cluster_is_refused_and_left_untouched()
    {
        var options = Options("occupied");
        var folder = Directory.CreateDirectory(options.DataDirectory!).FullName;
        var keep = Path.Combine(folder, "notes.txt");
        await File.WriteAllTextAsync(keep, "mine");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(folder, mode);
        var owner = await RunAsync("stat", "-c", "%U:%G", folder);

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(options, NullLogger.Instance));

        Assert.Contains("is not a PostgreSQL cluster", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("mine", await File.ReadAllTextAsync(keep));
        Assert.Equal(mode, File.GetUnixFileMode(folder));
        Assert.Equal(owner, await RunAsync("stat", "-c", "%U:%G", folder));
    }

    [Fact]
    public async Task A_folder_on_a_read_only_file_system_is_refused_at_once_in_one_line()
    {
        var readOnly = await ReadOnlyFolderAsync();

        var inside = await Assert.ThrowsAsync<EmbeddedPostgresException>(() =>
            EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(readOnly, "postgres") }, NullLogger.Instance));

        AssertSaysTheFolderCannotBeUsed(inside, Path.Combine(readOnly, "postgres"));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_created_is_refused_in_one_line()
    {
        // sysfs refuses new folders to everyone, root included.
        var path = $"/sys/taolens-{Guid.NewGuid():N}/postgres";

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() =>
            EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = path }, NullLogger.Instance));

        AssertSaysTheFolderCannotBeUsed(error, path);
    }

    [Fact]
    public async Task The_password_file_is_readable_by_its_owner_only()
    {
        var options = Options();
        // A file left by an earlier, deleted cluster, readable by all.
        Directory.CreateDirectory(_root);
        var passwordFile = options.DataDirectory + ".password";
        await File.WriteAllTextAsync(passwordFile, "old");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var pg = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        Assert.Equal(new NpgsqlConnectionStringBuilder(pg.ConnectionString).Password, await File.ReadAllTextAsync(passwordFile));
    }

    private static void AssertSaysTheFolderCannotBeUsed(EmbeddedPostgresException error, string path)
    {
        Assert.StartsWith($"Cannot use '{path}' for the embedded database", error.Message, StringComparison.Ordinal);
        Assert.Contains("Database:Embedded:DataDirectory", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    // Root writes through file modes, so a read-only mount is the only read-only folder it has; others get a 0555 folder.
    private async Task<string> ReadOnlyFolderAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "read-only")).FullName;
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", folder);
            _mounts.Add(folder);
        }
        else
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return folder;
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    public void Dispose()
    {
        foreach (var mount in _mounts)
        {
            RunAsync("umount", mount).GetAwaiter().GetResult();
        }

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
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed with exit code {process.ExitCode}");
        return output.Trim();
    }
}
