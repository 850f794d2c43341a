using TaoLens.Data.Embedded;
using TaoLens.Data.Setup;

namespace TaoLens.Web.Features.Operators;

/// <summary>
/// Verbs for operators, run by the same executable instead of serving: <c>migrate</c> applies the schema and exits.
/// Anything else on the command line is host configuration (<c>--Key=Value</c>).
/// </summary>
public static class OperatorCommands
{
    private static readonly string[] s_verbs = ["migrate"];

    public static (string? Command, string[] HostArgs) Split(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args is [var first, .. var rest] && s_verbs.Contains(first, StringComparer.Ordinal)
            ? (first, rest)
            : (null, args);
    }

    public static async Task<int> RunAsync(WebApplication app, string command)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            switch (command)
            {
                case "migrate":
                    await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancel.Token);
                    await Console.Out.WriteLineAsync("Database schema is up to date.");
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{command}'.");
                    return 2;
            }
        }
        finally
        {
            if (app.Services.GetService<EmbeddedPostgres>() is { } embedded)
            {
                await embedded.StopAsync(CancellationToken.None);
            }
        }
    }
}
