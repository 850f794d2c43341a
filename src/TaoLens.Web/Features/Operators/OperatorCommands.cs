using System.Globalization;
using TaoLens.Data.Embedded;
using TaoLens.Data.Setup;
using TaoLens.Ingestion.Runs;

namespace TaoLens.Web.Features.Operators;

/// <summary>A verb for operators, run by the same executable instead of serving.</summary>
public sealed record OperatorCommand(string Verb, string? Source = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// <c>migrate</c> applies the schema and exits; <c>ingest &lt;source&gt;</c> runs one source once;
/// <c>ingest &lt;source&gt; --from DATE [--to DATE]</c> backfills history day by day, resumably.
/// Anything else on the command line is host configuration (<c>--Key=Value</c>).
/// </summary>
public static class OperatorCommands
{
    public const string Usage = "usage: TaoLens.Web [migrate | ingest <source> [--from YYYY-MM-DD [--to YYYY-MM-DD]]] [--Setting=value ...]";

    /// <summary>Splits the verb and its arguments from the host's; throws <see cref="ArgumentException"/> with the usage on bad input.</summary>
    public static (OperatorCommand? Command, string[] HostArgs) Split(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case ["migrate", .. var rest]:
                return (new OperatorCommand("migrate"), rest);
            case ["ingest", var source, .. var rest] when !source.StartsWith('-'):
                DateOnly? from = null, to = null;
                var host = new List<string>();
                for (var i = 0; i < rest.Length; i++)
                {
                    switch (rest[i])
                    {
                        case "--from" when i + 1 < rest.Length:
                            from = ParseDate(rest[++i], "--from");
                            break;
                        case "--to" when i + 1 < rest.Length:
                            to = ParseDate(rest[++i], "--to");
                            break;
                        case "--from" or "--to":
                            throw new ArgumentException($"{rest[i]} needs a date. {Usage}");
                        default:
                            host.Add(rest[i]);
                            break;
                    }
                }

                if (to is not null && from is null)
                {
                    throw new ArgumentException($"--to needs --from. {Usage}");
                }

                if (from > to)
                {
                    throw new ArgumentException($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}.");
                }

                return (new OperatorCommand("ingest", source, from, to), host.ToArray());
            case ["ingest", ..]:
                throw new ArgumentException($"ingest needs a source name. {Usage}");
            default:
                return (null, args);
        }
    }

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
            return await IngestAsync(app.Services, command, Console.Out, app.Services.GetRequiredService<TimeProvider>(), cancel.Token);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Stopped. Run the same command again to resume.");
            return 130;
        }
        finally
        {
            if (app.Services.GetService<EmbeddedPostgres>() is { } embedded)
            {
                await embedded.StopAsync(CancellationToken.None);
            }
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
        var source = sources.FirstOrDefault(s => string.Equals(s.Name, command.Source, StringComparison.OrdinalIgnoreCase));
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
        var done = await runner.CompletedDaysAsync(source.Name, from, to, cancellationToken);
        var totalDays = to.DayNumber - from.DayNumber + 1;
        long totalRows = 0;
        var failures = 0;
        await output.WriteLineAsync($"Backfilling {source.Name} from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: {totalDays} day(s), {done.Count} already loaded.");
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var percent = 100.0 * (day.DayNumber - from.DayNumber + 1) / totalDays;
            if (done.Contains(day))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{percent,5:0.0}%] {day:yyyy-MM-dd}  already loaded"));
                continue;
            }

            var result = await runner.RunDayAsync(source, day, cancellationToken);
            totalRows += result.RowsWritten;
            failures += result.Outcome == RunOutcome.Succeeded ? 0 : 1;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"[{percent,5:0.0}%] {day:yyyy-MM-dd}  {Describe(source.Name, result)}  (total {totalRows:N0} rows)"));
            if (result.Outcome == RunOutcome.Skipped)
            {
                return 1;
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Done: {totalRows:N0} rows written, {failures} day(s) failed."));
        return failures == 0 ? 0 : 1;
    }

    private static string Describe(string source, RunResult result) => result.Outcome switch
    {
        RunOutcome.Succeeded => string.Create(CultureInfo.InvariantCulture, $"{source}: {result.RowsWritten:N0} rows written"),
        RunOutcome.Skipped => $"{source}: another TaoLens instance is running this source; nothing done",
        _ => $"{source} failed: {result.Error}",
    };

    private static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"{option} '{text}' is not a date (YYYY-MM-DD). {Usage}");
}
