using System.Globalization;
using TaoLens.Data.Setup;
using TaoLens.Data.Snapshots;
using TaoLens.Ingestion.Chutes;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Sources;
using TaoLens.Web.Features.Accounts;
using TaoLens.Web.Features.Digest;

namespace TaoLens.Web.Features.Operators;

/// <summary>A verb for operators, run by the same executable instead of serving.</summary>
public sealed record OperatorCommand(string Verb, string? Source = null, DateOnly? From = null, DateOnly? To = null, string? Action = null, string? Email = null);

/// <summary>
/// What the command line asks for: serve (no command), run a command, or answer at once and exit with
/// <see cref="ExitCode"/> (0 after help, 2 after a usage error), writing <see cref="Answer"/>.
/// </summary>
public sealed record CommandLine(OperatorCommand? Command, IReadOnlyList<string> HostArgs, int? ExitCode = null, string? Answer = null)
{
    public static CommandLine Help(string text) => new(null, [], 0, text);

    public static CommandLine Error(string text) => new(null, [], 2, text);
}

/// <summary>A source as operators name it: its run name (the CLI's, the runs table's) and its configuration section's.</summary>
public sealed record OperatorSource(string Name, string ConfigName)
{
    public bool IsCalled(string name) =>
        string.Equals(name, Name, StringComparison.OrdinalIgnoreCase) || string.Equals(name, ConfigName, StringComparison.OrdinalIgnoreCase);

    public override string ToString() =>
        string.Equals(Name, ConfigName, StringComparison.OrdinalIgnoreCase) ? Name : $"{Name} (or {ConfigName}, its name in configuration: Sources:{ConfigName})";
}

/// <summary>
/// <c>migrate</c> applies the schema and exits; <c>ingest &lt;source&gt;</c> runs one source once;
/// <c>ingest &lt;source&gt; --from DATE [--to DATE]</c> backfills history day by day, resumably; <c>help</c> says so.
/// Options (<c>--Key=Value</c>) are host configuration. Every argument is checked before anything touches a database.
/// </summary>
public static class OperatorCommands
{
    /// <summary>Every source, under both its names: <c>chain</c> is configured as <c>Sources:Subtensor</c>.</summary>
    public static IReadOnlyList<OperatorSource> Sources { get; } =
    [
        new(SnapshotSources.Chain, ConfigName(SubtensorOptions.Section)),
        new(SnapshotSources.Taostats, ConfigName(TaostatsOptions.Section)),
        new(SnapshotSources.CoinGecko, ConfigName(CoinGeckoOptions.Section)),
        new(ChutesSource.SourceName, ConfigName(ChutesOptions.Section)),
    ];

    private static readonly string[] s_verbs = ["migrate", "ingest", "users", "digest", "help"];

    public static string Usage { get; } = $"""
        usage: TaoLens.Web [--Setting=value ...]           serve the site
               TaoLens.Web migrate [--Setting=value ...]   apply the database schema, then exit
               TaoLens.Web ingest <source> [--from YYYY-MM-DD [--to YYYY-MM-DD]] [--Setting=value ...]
                                                         run one source once, or backfill it day by day, then exit
               TaoLens.Web users create-admin <email>    create or promote an instance admin; prints a one-time link to set the password
               TaoLens.Web users list                    list the accounts
               TaoLens.Web digest send [--user <email> --force] | digest preview --user <email>
                                                         send the due weekly digests (or one now), or print one as HTML
               TaoLens.Web help | --help                 this text; 'TaoLens.Web <command> --help' for one command

        Commands: {string.Join(", ", s_verbs)}.
        Sources: {SourceList}. Names are case-insensitive.
        Settings are configuration keys, as in appsettings.json (for example --ConnectionStrings:TaoLens=...).
        """;

    public static string MigrateUsage { get; } = $"""
        usage: TaoLens.Web migrate [--Setting=value ...]

        Applies pending migrations to the database (ConnectionStrings:TaoLens, or the embedded one when unset) and exits.
        """;

    public static string IngestUsage { get; } = $"""
        usage: TaoLens.Web ingest <source> [--from YYYY-MM-DD [--to YYYY-MM-DD]] [--Setting=value ...]

        Runs one source once and exits, non-zero on failure. With --from, backfills history day by day from that date
        to --to (default: yesterday, UTC), skipping days already loaded: run the same command again to resume.
        The chain reads history from its archive node, Sources:Subtensor:ArchiveUrl, or from Sources:Subtensor:Url when unset.
        Sources: {SourceList}. Names are case-insensitive.
        """;

    public static string UsersUsage { get; } = """
        usage: TaoLens.Web users create-admin <email> [--Setting=value ...]
               TaoLens.Web users list [--Setting=value ...]

        create-admin makes the account with this email an instance admin, creating it (without a password) if needed,
        and prints a one-time link to set its password (valid for Accounts:ResetLinkLifetime): the way back in for an
        operator locked out of the web. list prints every account. Links are absolute when Accounts:PublicUrl is set.
        """;

    private static string SourceList => string.Join(", ", Sources);

    /// <summary>Reads the command line. Nothing here touches a database: a bad command is answered before the host is built.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            return new CommandLine(null, args);
        }

        var (first, rest) = (args[0], args.Skip(1).ToArray());
        switch (first)
        {
            case "help" or "--help" or "-h" or "-?":
                return CommandLine.Help(Usage);
            case "migrate":
                return rest.Any(IsHelp) ? CommandLine.Help(MigrateUsage) : new CommandLine(new OperatorCommand("migrate"), rest);
            case "ingest":
                return rest.Any(IsHelp) ? CommandLine.Help(IngestUsage) : ParseIngest(rest);
            case "users":
                return rest.Any(IsHelp) ? CommandLine.Help(UsersUsage) : ParseUsers(rest);
            case "digest":
                return rest.Any(IsHelp) ? CommandLine.Help(DigestCommands.Usage) : DigestCommands.Parse(rest);
            case var option when option.StartsWith('-') || option.Contains('=', StringComparison.Ordinal):
                // An option, or a Key=Value setting: the host's configuration.
                return new CommandLine(null, args);
            default:
                return CommandLine.Error($"Unknown command '{first}'. Commands: {string.Join(", ", s_verbs)}.{Environment.NewLine}{Usage}");
        }
    }

    /// <summary>The canonical source name for either of its names, or null.</summary>
    public static string? SourceNamed(string name) => Sources.FirstOrDefault(s => s.IsCalled(name))?.Name;

    private static CommandLine ParseIngest(string[] args)
    {
        if (args is not [var name, .. var rest] || name.StartsWith('-'))
        {
            return IngestError("ingest needs a source name.");
        }

        if (SourceNamed(name) is not { } source)
        {
            return IngestError($"Unknown source '{name}'. Sources: {SourceList}.");
        }

        DateOnly? from = null, to = null;
        var host = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--from" or "--to" when i + 1 >= rest.Length:
                    return IngestError($"{rest[i]} needs a date (YYYY-MM-DD).");
                case "--from" or "--to":
                    var option = rest[i];
                    var text = rest[++i];
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        return IngestError($"{option} '{text}' is not a date (YYYY-MM-DD).");
                    }

                    if (option == "--from")
                    {
                        from = date;
                    }
                    else
                    {
                        to = date;
                    }

                    break;
                default:
                    host.Add(rest[i]);
                    break;
            }
        }

        if (to is not null && from is null)
        {
            return IngestError("--to needs --from.");
        }

        if (from > to)
        {
            return IngestError($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}.");
        }

        return new CommandLine(new OperatorCommand("ingest", source, from, to), host);
    }

    private static CommandLine ParseUsers(string[] args) => args switch
    {
        ["list", .. var host] => new CommandLine(new OperatorCommand("users", Action: "list"), host),
        ["create-admin", var email, .. var host] when !email.StartsWith('-') =>
            new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) && email.Length <= 256
                ? new CommandLine(new OperatorCommand("users", Action: "create-admin", Email: email), host)
                : CommandLine.Error($"'{email}' is not an email address.{Environment.NewLine}{UsersUsage}"),
        ["create-admin", ..] => CommandLine.Error($"users create-admin needs an email address.{Environment.NewLine}{UsersUsage}"),
        _ => CommandLine.Error($"users needs create-admin <email> or list.{Environment.NewLine}{UsersUsage}"),
    };

    private static CommandLine IngestError(string message) => CommandLine.Error($"{message}{Environment.NewLine}{IngestUsage}");

    private static bool IsHelp(string arg) => arg is "--help" or "-h" or "-?";

    private static string ConfigName(string section) => section[(section.LastIndexOf(':') + 1)..];

    public static async Task<int> RunAsync(WebApplication app, OperatorCommand command)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(command);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C stops after the current step; the run in progress is rolled back and recorded.
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
            if (command.Verb == "migrate")
            {
                await initializer.MigrateAsync(cancel.Token);
                await Console.Out.WriteLineAsync("Database schema is up to date.");
                return 0;
            }

            await initializer.StartAsync(cancel.Token);
            if (command.Verb == "users")
            {
                return await UserCommands.RunAsync(app.Services, command, Console.Out, cancel.Token);
            }

            if (command.Verb == "digest")
            {
                return await DigestCommands.RunAsync(app.Services, command, Console.Out, Console.Error, cancel.Token);
            }

            return await IngestAsync(app.Services, command, Console.Out, app.Services.GetRequiredService<TimeProvider>(), cancel.Token);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Stopped. Run the same command again to resume.");
            return 130;
        }
    }

    /// <summary>Runs <c>ingest</c>; returns the process exit code (0 only when every run succeeded).</summary>
    public static async Task<int> IngestAsync(IServiceProvider services, OperatorCommand command, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        await using var scope = services.CreateAsyncScope();
        var sources = scope.ServiceProvider.GetServices<IIngestionSource>().ToList();
        var wanted = command.Source is null ? null : SourceNamed(command.Source) ?? command.Source;
        var source = sources.FirstOrDefault(s => string.Equals(s.Name, wanted, StringComparison.OrdinalIgnoreCase));
        if (source is null)
        {
            await output.WriteLineAsync($"Unknown source '{command.Source}'. Sources: {string.Join(", ", sources.Select(s => s.Name))}.");
            return 2;
        }

        var runner = scope.ServiceProvider.GetRequiredService<IngestionRunner>();
        if (command.From is not { } from)
        {
            var result = await runner.RunLatestAsync(source, cancellationToken);
            await output.WriteLineAsync(Describe(source.Name, result));
            return result.Outcome == RunOutcome.Succeeded ? 0 : 1;
        }

        var to = command.To ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        var backfill = scope.ServiceProvider.GetRequiredService<Backfill>();
        await output.WriteLineAsync($"Backfilling {source.Name} from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: {to.DayNumber - from.DayNumber + 1} day(s).");
        long totalRows = 0;
        var summary = await backfill.RunAsync(source, from, to, async step =>
        {
            totalRows += step.Result?.RowsWritten ?? 0;
            await output.WriteLineAsync(step.AlreadyLoaded
                ? string.Create(CultureInfo.InvariantCulture, $"[{step.Percent,5:0.0}%] {step.Day:yyyy-MM-dd}  already loaded")
                : string.Create(CultureInfo.InvariantCulture, $"[{step.Percent,5:0.0}%] {step.Day:yyyy-MM-dd}  {Describe(source.Name, step.Result!)}  (total {totalRows:N0} rows)"));
        }, cancellationToken);
        if (summary.StoppedByAnotherInstance)
        {
            return 1;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Done: {summary.RowsWritten:N0} rows written, {summary.DaysLoaded} day(s) loaded, {summary.DaysSkipped} already loaded, {summary.DaysFailed} failed."));
        return summary.DaysFailed == 0 ? 0 : 1;
    }

    private static string Describe(string source, RunResult result) => result.Outcome switch
    {
        RunOutcome.Succeeded => string.Create(CultureInfo.InvariantCulture, $"{source}: {result.RowsWritten:N0} rows written"),
        RunOutcome.Skipped => $"{source}: another TaoLens instance is running this source; nothing done",
        _ => $"{source} failed: {result.Error}",
    };
}
