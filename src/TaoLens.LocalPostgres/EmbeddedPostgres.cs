using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TaoLens.LocalPostgres;

/// <summary>
/// A private PostgreSQL cluster for one user: created with initdb on first use, started on a free loopback port,
/// password-protected, and stopped by the last instance that uses it. When this process is root, the server runs as
/// the <c>postgres</c> OS user, because PostgreSQL refuses to run as root.
/// </summary>
/// <remarks>
/// Several instances (processes, or launchers in one process) may share one data directory. Each holds a lease: a
/// connection named <see cref="LeaseApplicationName"/> that holds a shared advisory lock. An instance that stops gives
/// up its lease and stops the server only if it can then take that lock exclusively, that is, if no lease is left. A
/// lease dies with its process, so a crashed instance never keeps the server up for ever.
/// </remarks>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    public const string LeaseApplicationName = "taolens-embedded-lease";
    private const string SuperUser = "taolens";
    private const long LeaseLockKey = 0x7461_6F6C_656E_73; // "taolens"
    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromSeconds(90);

    private readonly string _binDirectory;
    private readonly string? _runAsUser;
    private readonly ILogger _logger;
    private NpgsqlConnection? _lease;
    private int _stopped;

    private EmbeddedPostgres(string binDirectory, string dataDirectory, string? runAsUser, int port, string connectionString, bool startedHere, ILogger logger)
    {
        _binDirectory = binDirectory;
        DataDirectory = dataDirectory;
        _runAsUser = runAsUser;
        Port = port;
        ConnectionString = connectionString;
        StartedHere = startedHere;
        _logger = logger;
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public string ConnectionString { get; }

    /// <summary>False when the server was already running (for another instance, or left by an earlier process) and is only joined.</summary>
    public bool StartedHere { get; }

    /// <summary>Where the cluster lives when nothing is configured.</summary>
    public static string DefaultDataDirectory(bool isRoot) => isRoot
        ? "/var/lib/taolens/postgres"
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "taolens", "postgres");

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!DatabaseNamePattern().IsMatch(options.Database))
        {
            throw new EmbeddedPostgresException($"Database:Embedded:Database '{options.Database}' must be a lower-case identifier such as 'taolens'.");
        }

        if (OperatingSystem.IsWindows())
        {
            throw new EmbeddedPostgresException("The embedded database runs on Linux and macOS only: set ConnectionStrings__TaoLens to a PostgreSQL server (docker compose provides one).");
        }

        var binDirectory = PostgresBinaries.Locate(options.BinDirectory, Environment.GetEnvironmentVariable("PATH"));
        var isRoot = Environment.IsPrivilegedProcess;
        var runAsUser = isRoot ? options.RootRunAsUser : null;
        if (runAsUser is not null)
        {
            await EnsureUserExistsAsync(runAsUser, cancellationToken);
        }

        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? DefaultDataDirectory(isRoot));
        var passwordFile = dataDirectory + ".password";

        // One starter or stopper at a time per data directory: two processes racing through initdb would break it,
        // and a stopping instance must not stop the server under one that is joining.
        await using var startLock = await AcquireLockAsync(dataDirectory, cancellationToken);

        var fresh = await PrepareDirectoryAsync(dataDirectory, runAsUser, cancellationToken);
        string password;
        if (fresh)
        {
            password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            await InitDbAsync(binDirectory, dataDirectory, password, options.Durable, runAsUser, logger, cancellationToken);
            await WriteOwnerOnlyAsync(passwordFile, password, cancellationToken);
        }
        else
        {
            password = File.Exists(passwordFile)
                ? (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim()
                : throw new EmbeddedPostgresException($"The cluster in '{dataDirectory}' has lost its password file '{passwordFile}': restore it, or delete the cluster folder to start afresh.");
            await CheckVersionAsync(binDirectory, dataDirectory, cancellationToken);
        }

        var (port, startedHere) = await StartServerAsync(binDirectory, dataDirectory, runAsUser, cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = options.Database,
        }.ConnectionString;

        var instance = new EmbeddedPostgres(binDirectory, dataDirectory, runAsUser, port, connectionString, startedHere, logger);
        try
        {
            await instance.TakeLeaseAsync(cancellationToken);
            await instance.EnsureDatabaseAsync(options.Database, cancellationToken);
        }
        catch
        {
            await instance.StopHoldingLockAsync(CancellationToken.None);
            throw;
        }

        logger.LogInformation("Embedded PostgreSQL {State} on 127.0.0.1:{Port} with data in {DataDirectory}",
            startedHere ? "started" : "already running", port, dataDirectory);
        return instance;
    }

    /// <summary>Creates another database in this cluster (tests clone per-class databases this way).</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Gives up this instance's lease, and stops the server if no other instance holds one.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _stopped) == 1)
        {
            return;
        }

        await using var stopLock = await AcquireLockAsync(DataDirectory, cancellationToken);
        await StopHoldingLockAsync(cancellationToken);
    }

    // The caller holds the data directory's lock, so no instance can join between the check and the stop.
    private async Task StopHoldingLockAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (_lease is not null)
        {
            await _lease.DisposeAsync();
        }

        if (!await NoOtherLeaseAsync(cancellationToken))
        {
            _logger.LogInformation("Embedded PostgreSQL left running: another TaoLens instance still uses it");
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var result = await ProcessRunner.RunAsync(Bin("pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], _runAsUser, cancellationToken);
        if (result.ExitCode != 0)
        {
            _logger.LogWarning("Embedded PostgreSQL did not stop cleanly: {Output}", result.Tail);
        }
        else
        {
            _logger.LogInformation("Embedded PostgreSQL stopped");
        }
    }

    // The lease lock can be taken exclusively only when no instance holds it shared. A server that cannot be reached
    // serves nobody, so stopping it (pg_ctl) is right too; one that answers with an error may serve others.
    private async Task<bool> NoOtherLeaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = new NpgsqlConnection(LeaseConnectionString("taolens-embedded-stop"));
            await probe.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", probe);
            command.Parameters.Add(new NpgsqlParameter { Value = LeaseLockKey });
            return await command.ExecuteScalarAsync(cancellationToken) is true;
        }
        catch (PostgresException ex)
        {
            _logger.LogWarning("Embedded PostgreSQL left running: cannot tell whether another instance uses it ({Error})", ex.MessageText);
            return false;
        }
        catch (NpgsqlException)
        {
            return true;
        }
    }

    private async Task TakeLeaseAsync(CancellationToken cancellationToken)
    {
        _lease = new NpgsqlConnection(LeaseConnectionString(LeaseApplicationName));
        await _lease.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock_shared($1)", _lease);
        command.Parameters.Add(new NpgsqlParameter { Value = LeaseLockKey });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Unpooled: closing the connection must really end the session, which releases its advisory lock.
    private string LeaseConnectionString(string applicationName) =>
        new NpgsqlConnectionStringBuilder(ConnectionStringFor("postgres")) { Pooling = false, ApplicationName = applicationName }.ConnectionString;

    public async ValueTask DisposeAsync() => await StopAsync();

    private string Bin(string name) => Path.Combine(_binDirectory, name);

    private async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database });
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // The name was checked against DatabaseNamePattern, so quoting it is enough.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task EnsureUserExistsAsync(string user, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("id", ["-u", user], null, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"Running as root, but there is no '{user}' OS user to run PostgreSQL (it refuses to run as root): install PostgreSQL from your distribution (it creates the user), run TaoLens as an ordinary user, or set ConnectionStrings__TaoLens.");
        }
    }

    /// <summary>
    /// Makes the data directory ready for the server; true when it holds no cluster yet. It looks before it touches:
    /// a folder that holds something other than a cluster is refused as it was found.
    /// </summary>
    private static async Task<bool> PrepareDirectoryAsync(string dataDirectory, string? runAsUser, CancellationToken cancellationToken)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        bool fresh;
        try
        {
            fresh = !File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
            if (fresh && Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
            {
                throw new EmbeddedPostgresException($"'{dataDirectory}' is not empty and is not a PostgreSQL cluster: empty it or set Database:Embedded:DataDirectory to another folder.");
            }

            Directory.CreateDirectory(dataDirectory);
            if (runAsUser is null)
            {
                OwnerOnly(dataDirectory, ownerOnly);
                return fresh;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unusable(dataDirectory, ex.Message, ex);
        }

        var chown = await ProcessRunner.RunAsync("chown", [$"{runAsUser}:", dataDirectory], null, cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw Unusable(dataDirectory, chown.Tail, null);
        }

        OwnerOnly(dataDirectory, ownerOnly);
        var reachable = await ProcessRunner.RunAsync("test", ["-w", dataDirectory, "-a", "-x", dataDirectory], runAsUser, cancellationToken);
        if (reachable.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"The '{runAsUser}' user cannot reach '{dataDirectory}' (a parent folder is private, as root's home is): set Database:Embedded:DataDirectory to a folder outside it, such as /var/lib/taolens/postgres.");
        }

        return fresh;
    }

    private static EmbeddedPostgresException Unusable(string dataDirectory, string reason, Exception? inner)
    {
        var message = $"Cannot use '{dataDirectory}' for the embedded database ({reason.TrimEnd('.')}): " +
            "set Database:Embedded:DataDirectory to a folder this user can write, or ConnectionStrings__TaoLens to a PostgreSQL server.";
        return inner is null ? new EmbeddedPostgresException(message) : new EmbeddedPostgresException(message, inner);
    }

    // Created owner-only: the password is never readable by others, not even between a write and a chmod.
    private static async Task WriteOwnerOnlyAsync(string path, string text, CancellationToken cancellationToken)
    {
        // A file left by a deleted cluster would keep its old mode, so it goes first.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }

    private static async Task InitDbAsync(string binDirectory, string dataDirectory, string password, bool durable, string? runAsUser, ILogger logger, CancellationToken cancellationToken)
    {
        logger.LogInformation("Creating the embedded PostgreSQL cluster in {DataDirectory}", dataDirectory);
        var passwordFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
            if (runAsUser is not null)
            {
                await ProcessRunner.RunAsync("chown", [runAsUser, passwordFile], null, cancellationToken);
            }

            List<string> arguments = ["-D", dataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--no-locale"];
            if (!durable)
            {
                arguments.Add("--no-sync");
            }

            var result = await ProcessRunner.RunAsync(Path.Combine(binDirectory, "initdb"), arguments, runAsUser, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new EmbeddedPostgresException($"initdb failed in '{dataDirectory}': {result.Tail}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }

        // Loopback TCP only, no Unix socket (its default folder may not be writable for this user).
        var settings = "\n# TaoLens embedded cluster\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n";
        if (!durable)
        {
            settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
        }

        await File.AppendAllTextAsync(Path.Combine(dataDirectory, "postgresql.conf"), settings, cancellationToken);
    }

    private static async Task CheckVersionAsync(string binDirectory, string dataDirectory, CancellationToken cancellationToken)
    {
        var clusterVersion = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "PG_VERSION"), cancellationToken)).Trim();
        var result = await ProcessRunner.RunAsync(Path.Combine(binDirectory, "postgres"), ["--version"], null, cancellationToken);
        var match = ServerVersionPattern().Match(result.StandardOutput);
        if (match.Success && match.Groups[1].Value != clusterVersion)
        {
            throw new EmbeddedPostgresException(
                $"The cluster in '{dataDirectory}' was made by PostgreSQL {clusterVersion} but the binaries in '{binDirectory}' are version {match.Groups[1].Value}: set Database:Embedded:BinDirectory to PostgreSQL {clusterVersion}'s bin folder, or move the old cluster away.");
        }
    }

    private static async Task<(int Port, bool StartedHere)> StartServerAsync(string binDirectory, string dataDirectory, string? runAsUser, CancellationToken cancellationToken)
    {
        var pgCtl = Path.Combine(binDirectory, "pg_ctl");
        var status = await ProcessRunner.RunAsync(pgCtl, ["-D", dataDirectory, "status"], runAsUser, cancellationToken);
        if (status.ExitCode == 0 && await ReadRunningPortAsync(dataDirectory, cancellationToken) is { } runningPort)
        {
            return (runningPort, false);
        }

        var port = FreeLoopbackPort();
        var logFile = Path.Combine(dataDirectory, "taolens-server.log");
        var result = await ProcessRunner.RunAsync(pgCtl, ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", $"-p {port}", "start"], runAsUser, cancellationToken);
        if (result.ExitCode != 0)
        {
            var log = File.Exists(logFile) ? string.Join(" | ", (await File.ReadAllLinesAsync(logFile, cancellationToken)).TakeLast(3)) : result.Tail;
            throw new EmbeddedPostgresException($"PostgreSQL did not start from '{dataDirectory}': {log}");
        }

        return (port, true);
    }

    // postmaster.pid line 4 is the port the running server listens on.
    private static async Task<int?> ReadRunningPortAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private static void OwnerOnly(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<FileStream> AcquireLockAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var path = dataDirectory + ".lock";
        try
        {
            // Ask the folder first, so that one nobody can write is said at once, not mistaken for a lock someone holds.
            var folder = Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName;
            File.Create(Path.Combine(folder, $".taolens-probe-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose).Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unusable(dataDirectory, ex.Message, ex);
        }

        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw Unusable(dataDirectory, ex.Message, ex);
            }
            catch (IOException) when (TimeProvider.System.GetElapsedTime(started) < s_lockTimeout)
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new EmbeddedPostgresException(
                    $"Another process has held '{path}' for {s_lockTimeout.TotalSeconds:0} s while starting or stopping the embedded database; " +
                    "stop it or remove the file.", ex);
            }
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseNamePattern();

    [GeneratedRegex(@"\(PostgreSQL\) (\d+)")]
    private static partial Regex ServerVersionPattern();
}
